import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLogger } from '../src/log.ts'
import { openSqliteStore } from '../src/store/sqlite.ts'
import type { AppendEntry, DocumentStore } from '../src/store/types.ts'
import { STORE_FAILED_CLOSE } from '../src/sync/connection.ts'
import { PersistQueue } from '../src/sync/persistence.ts'
import {
  connectClient,
  createCleanup,
  makeTempDir,
  startTestServer,
  waitForDoc,
  waitSynced,
  withTimeout,
} from './helpers.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())
const quiet = createLogger('silent')

/** A store whose appends wait until the test settles them. */
function controlledStore() {
  const calls: Array<{
    batch: readonly AppendEntry[]
    resolve: (seqs: number[]) => void
    reject: (e: Error) => void
  }> = []
  const store: DocumentStore = {
    load: async () => ({ snapshot: null, updates: [], headSeq: 0, owners: [] }),
    append: (batch) => new Promise((resolve, reject) => calls.push({ batch, resolve, reject })),
    since: async () => ({ snapshot: null, updates: [], owners: [] }),
    head: async () => 0,
    heads: async (names) => new Map(names.map((name) => [name, 0])),
    compact: async () => 'done',
    close: async () => {},
  }
  return { store, calls }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

describe('the persistence queue', () => {
  it('stores the updates of one turn in one append, and releases them only after it succeeded', async () => {
    const { store, calls } = controlledStore()
    const queue = new PersistQueue(store, quiet)
    const released: number[] = []
    for (const n of [1, 2, 3]) {
      queue.enqueue({
        sessionId: 's1',
        update: new Uint8Array([n]),
        onStored: () => released.push(n),
        onFailed: () => {},
      })
    }
    await nextTurn()
    expect(calls).toHaveLength(1)
    expect(calls[0]?.batch.map((entry) => entry.update[0])).toEqual([1, 2, 3])
    expect(released).toEqual([])
    calls[0]?.resolve([1, 2, 3])
    await queue.drain()
    expect(released).toEqual([1, 2, 3])
  })

  it('releases nothing when the append fails, and tells every sender', async () => {
    const { store, calls } = controlledStore()
    const queue = new PersistQueue(store, quiet)
    const released: number[] = []
    const failed: number[] = []
    for (const n of [1, 2]) {
      queue.enqueue({
        sessionId: 's1',
        update: new Uint8Array([n]),
        onStored: () => released.push(n),
        onFailed: () => failed.push(n),
      })
    }
    await nextTurn()
    calls[0]?.reject(new Error('disk full'))
    await queue.drain()
    expect(released).toEqual([])
    expect(failed).toEqual([1, 2])

    // The queue keeps working after a failure.
    queue.enqueue({
      sessionId: 's1',
      update: new Uint8Array([3]),
      onStored: () => released.push(3),
      onFailed: () => {},
    })
    await nextTurn()
    calls[1]?.resolve([4])
    await queue.drain()
    expect(released).toEqual([3])
  })
})

describe('persist before broadcast, end to end', () => {
  it('never shows a peer an edit the server failed to store, reloads the document, and the writer resyncs it later', async () => {
    const dataDir = await makeTempDir(cleanup)
    const sqlite = openSqliteStore({ dataDir })
    let failAppends = false
    const store: DocumentStore = {
      ...sqlite,
      append: async (batch) => {
        if (failAppends) throw new Error('simulated disk failure')
        return sqlite.append(batch)
      },
    }
    const server = await startTestServer(cleanup, { dataDir, store })
    let writerMayReconnect = false
    const writer = connectClient(cleanup, server.url, 'session-failing', {
      shouldReconnect: () => writerMayReconnect,
    })
    const peer = connectClient(cleanup, server.url, 'session-failing')
    const other = connectClient(cleanup, server.url, 'session-failing')
    await Promise.all([waitSynced(writer), waitSynced(peer), waitSynced(other)])

    const writerClosed = new Promise<{ code: number; reason: string }>((resolve) =>
      writer.provider.once('closed', resolve),
    )
    // The document held the edit before it failed to store: everyone on it reconnects to a fresh load.
    const peerDropped = new Promise<number | undefined>((resolve) =>
      peer.provider.once('connection-close', (event) => resolve(event?.code)),
    )
    failAppends = true
    writer.doc.getMap('board').set('unsaved', 'never broadcast')
    expect(await withTimeout(writerClosed, 5_000, 'the writer to be closed')).toEqual(STORE_FAILED_CLOSE)
    expect(await withTimeout(peerDropped, 5_000, 'the peer to be closed')).toBe(STORE_FAILED_CLOSE.code)
    failAppends = false
    await Promise.all([waitSynced(peer), waitSynced(other)])

    // A later edit through the same server reaches the peer; the failed one, sent before it, did not.
    other.doc.getMap('board').set('saved', 'broadcast')
    await waitForDoc(peer.doc, () => peer.doc.getMap('board').get('saved') === 'broadcast', 'the later edit')
    expect(peer.doc.getMap('board').has('unsaved')).toBe(false)

    // Once the writer reconnects, its sync step 2 re-sends the edit, which is now stored and relayed.
    writerMayReconnect = true
    writer.provider.connect()
    await waitForDoc(
      peer.doc,
      () => peer.doc.getMap('board').get('unsaved') === 'never broadcast',
      'the resent edit',
    )
  })

  it('answers a newcomer only once every edit accepted before it asked is stored', async () => {
    const dataDir = await makeTempDir(cleanup)
    const sqlite = openSqliteStore({ dataDir })
    let gate: Promise<void> | null = null
    let openGate = () => {}
    const store: DocumentStore = {
      ...sqlite,
      append: async (batch) => {
        if (gate) await gate
        return sqlite.append(batch)
      },
    }
    const server = await startTestServer(cleanup, { dataDir, store })
    const writer = connectClient(cleanup, server.url, 'session-slow')
    await waitSynced(writer)

    gate = new Promise<void>((resolve) => {
      openGate = resolve
    })
    writer.doc.getMap('board').set('slow', 'stored late')
    // The edit is in the server's document now, but not stored: a newcomer must not see it yet.
    await new Promise((resolve) => setTimeout(resolve, 100))
    const newcomer = connectClient(cleanup, server.url, 'session-slow')
    await vi.waitFor(() => expect(newcomer.provider.wsconnected).toBe(true), { timeout: 10_000 })
    // Its sync step 1 went out on connecting; an answer sent at once would arrive well within this.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(newcomer.provider.synced).toBe(false)
    expect(newcomer.doc.getMap('board').has('slow')).toBe(false)

    gate = null
    openGate()
    await waitSynced(newcomer)
    expect(newcomer.doc.getMap('board').get('slow')).toBe('stored late')
  })
})
