import type { ProgressEntry } from '@session-board/board'
import type { EntryFlag } from '@session-board/protocol'
import { createStore, get, update } from 'idb-keyval'
import type { Delivery } from './logApi.ts'
import type { Queue } from './queue.ts'
import { dismiss, enqueue, nextBatch, settle } from './queue.ts'

/** Where the queue lives on the device; every change is one read-modify-write. */
export interface QueueStorage {
  read(): Promise<Queue>
  change(apply: (queue: Queue) => Queue): Promise<Queue>
}

/** IndexedDB: kept across reloads and restarts, and written before anything is sent. */
export function deviceStorage(coupleId: string): QueueStorage {
  const store = createStore('session-board', 'progress-queue')
  return {
    read: async () => (await get<Queue>(coupleId, store)) ?? [],
    change: async (apply) => {
      let next: Queue = []
      await update<Queue>(
        coupleId,
        (queue) => {
          next = apply(queue ?? [])
          return next
        },
        store,
      )
      return next
    },
  }
}

export interface QueueView {
  queue: Queue
  /** Loaded from the device: until then the page does not say "all saved". */
  loaded: boolean
  sending: boolean
  online: boolean
  /** The device's sign-in lapsed: entries wait until the partner signs in again. */
  signedOut: boolean
  /** Ids the server confirmed while this page was open. */
  delivered: ReadonlySet<string>
  /** Flags the server answered with, newest last. */
  flags: readonly EntryFlag[]
}

export interface EntryQueue {
  subscribe(listener: () => void): () => void
  getSnapshot(): QueueView
  /** Keeps the entries on the device, then tries to send them. */
  add(entries: readonly ProgressEntry[]): Promise<void>
  /** Takes a refused entry off the device. */
  dismiss(id: string): Promise<void>
  send(): Promise<void>
  /** Sends on load, when the browser is back online, and every half minute; returns the stop. */
  start(): () => void
}

const RESEND_MS = 30_000

interface Options {
  storage: QueueStorage
  post: (batch: readonly ProgressEntry[]) => Promise<Delivery>
  isOnline?: () => boolean
}

export function createEntryQueue({ storage, post, isOnline = () => navigator.onLine }: Options): EntryQueue {
  const listeners = new Set<() => void>()
  let view: QueueView = {
    queue: [],
    loaded: false,
    sending: false,
    online: isOnline(),
    signedOut: false,
    delivered: new Set(),
    flags: [],
  }
  const show = (patch: Partial<QueueView>) => {
    view = { ...view, ...patch }
    for (const listener of listeners) listener()
  }
  // One send at a time: a second call while one runs only asks the running one to look again.
  let running: Promise<void> | null = null
  let again = false

  async function sendAll(): Promise<void> {
    let queue = await storage.read()
    show({ queue, loaded: true, online: isOnline() })
    for (let batch = nextBatch(queue); batch.length > 0 && isOnline(); batch = nextBatch(queue)) {
      show({ sending: true })
      const delivery = await post(batch)
      queue = await storage.change((current) => settle(current, batch, delivery.outcome))
      const delivered = new Set(view.delivered)
      if (delivery.outcome.kind === 'answered')
        for (const { id } of delivery.outcome.entries) delivered.add(id)
      show({ queue, delivered, flags: [...view.flags, ...delivery.flags], signedOut: delivery.signedOut })
      if (delivery.outcome.kind === 'kept') break
    }
    show({ sending: false })
  }

  const send = async (): Promise<void> => {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      do {
        again = false
        await sendAll()
      } while (again)
    })().finally(() => {
      running = null
    })
    return running
  }

  return {
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    getSnapshot: () => view,
    async add(entries) {
      const queue = await storage.change((current) => enqueue(current, entries))
      show({ queue, loaded: true })
      await send()
    },
    async dismiss(id) {
      show({ queue: await storage.change((current) => dismiss(current, id)) })
    },
    send,
    start() {
      const onOnline = () => void send()
      const onOffline = () => show({ online: false })
      window.addEventListener('online', onOnline)
      window.addEventListener('offline', onOffline)
      const timer = window.setInterval(() => {
        if (isOnline()) void send()
      }, RESEND_MS)
      void send()
      return () => {
        window.removeEventListener('online', onOnline)
        window.removeEventListener('offline', onOffline)
        window.clearInterval(timer)
      }
    },
  }
}
