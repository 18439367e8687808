import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import type { createCleanup } from '../helpers.ts'
import { withTimeout } from '../helpers.ts'
import type { PresenceEntry } from '../../src/sync/extension.ts'
import { encodePresence } from '../../src/sync/presence.ts'
import { RawPeer } from './rawPeer.ts'

type Cleanup = ReturnType<typeof createCleanup>

/** An awareness entry as it travels: a client id, its clock, and its state (null removes it). */
export type Entry = PresenceEntry

const MESSAGE_AWARENESS = 1
const MESSAGE_QUERY_AWARENESS = 3

function decodeEntries(update: Uint8Array): Entry[] {
  const decoder = decoding.createDecoder(update)
  const entries: Entry[] = []
  const count = decoding.readVarUint(decoder)
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    entries.push({ clientId, clock, state: JSON.parse(decoding.readVarString(decoder)) as Entry['state'] })
  }
  return entries
}

/**
 * A raw peer that speaks presence by hand: it sends exactly the awareness entries a test gives it (its
 * own or anyone's), keeps a view of everyone's presence from what the server relays, and counts the
 * awareness frames it receives.
 */
export class PresencePeer {
  readonly raw: RawPeer
  /** This peer's view of the others, built only from the frames the server sent it. */
  readonly view = new awarenessProtocol.Awareness(new Y.Doc())
  /** Every awareness entry received, in order. */
  readonly received: Entry[] = []
  awarenessFrames = 0
  /** The awareness client id this peer publishes as its own, and its clock. */
  readonly clientId: number
  clock = 0
  #frameListeners = new Set<(entries: Entry[]) => void>()

  private constructor(raw: RawPeer) {
    this.raw = raw
    this.clientId = raw.doc.clientID
    this.view.setLocalState(null)
    raw.ws.on('message', (data: ArrayBuffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data))
      if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) return
      const update = decoding.readVarUint8Array(decoder)
      this.awarenessFrames++
      const entries = decodeEntries(update)
      this.received.push(...entries)
      awarenessProtocol.applyAwarenessUpdate(this.view, update, 'server')
      for (const listener of this.#frameListeners) listener(entries)
    })
  }

  /** Opens a session's board with a connect token and waits for the first sync, hearing every frame. */
  static async join(cleanup: Cleanup, serverUrl: string, sessionId: string, token: string) {
    const path = `sync/${sessionId}?token=${encodeURIComponent(token)}`
    // Listening from the start: the server's greeting (everyone's presence) comes before the sync ends.
    const peer = new PresencePeer(await RawPeer.open(cleanup, serverUrl, path))
    cleanup.add(() => peer.view.destroy())
    const closed = peer.raw.closed.then((c) => Promise.reject(new Error(`closed ${c.code} ${c.reason}`)))
    await withTimeout(Promise.race([peer.raw.synced, closed]), 10_000, 'the presence peer to sync')
    return peer
  }

  /** Sends one awareness frame holding these entries, as they are. */
  sendEntries(entries: readonly Entry[]): void {
    this.sendUpdate(encodePresence(entries))
  }

  sendUpdate(update: Uint8Array): void {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS)
    encoding.writeVarUint8Array(encoder, update)
    this.raw.ws.send(encoding.toUint8Array(encoder))
  }

  /** Publishes this peer's own state (null: removes it) with the next clock. */
  publish(state: Entry['state']): void {
    this.clock++
    this.sendEntries([{ clientId: this.clientId, clock: this.clock, state }])
  }

  /** Asks the server for everyone's presence, as it holds it now (after every relay sent before). */
  async query(): Promise<Map<number, Entry>> {
    let answer: Entry[] = []
    const keepLast = (entries: Entry[]) => (answer = entries)
    this.#frameListeners.add(keepLast)
    try {
      this.raw.ws.send(encoding.encode((encoder) => encoding.writeVarUint(encoder, MESSAGE_QUERY_AWARENESS)))
      await this.settle()
    } finally {
      this.#frameListeners.delete(keepLast)
    }
    return new Map(answer.map((entry) => [entry.clientId, entry]))
  }

  /**
   * A round trip: resolves once the server answered a sync step 1 sent now, so every frame the server
   * sent this peer before handling it has arrived.
   */
  async settle(): Promise<void> {
    let onMessage: (data: ArrayBuffer) => void = () => {}
    const answered = new Promise<void>((resolve) => {
      onMessage = (data) => {
        const decoder = decoding.createDecoder(new Uint8Array(data))
        const type = decoding.readVarUint(decoder)
        if (type === 0 && decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep2) resolve()
      }
      this.raw.ws.on('message', onMessage)
    })
    this.raw.ws.send(
      encoding.encode((encoder) => {
        encoding.writeVarUint(encoder, 0)
        syncProtocol.writeSyncStep1(encoder, this.raw.doc)
      }),
    )
    await withTimeout(answered, 10_000, 'a sync round trip').finally(() =>
      this.raw.ws.off('message', onMessage),
    )
  }

  /** Resolves once this peer's view of `clientId` passes `check`. */
  waitForState(
    clientId: number,
    check: (state: Record<string, unknown> | undefined) => boolean,
    what: string,
  ): Promise<void> {
    const matches = () => check(this.view.getStates().get(clientId))
    if (matches()) return Promise.resolve()
    let listener = () => {}
    const seen = new Promise<void>((resolve) => {
      listener = () => matches() && resolve()
      this.#frameListeners.add(listener)
    })
    return withTimeout(seen, 10_000, what).finally(() => this.#frameListeners.delete(listener))
  }
}
