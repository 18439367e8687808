import { MESSAGE_REFUSAL, refusalSchema } from '@session-board/protocol'
import type { Refusal } from '@session-board/protocol'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import type { createCleanup } from '../helpers.ts'
import { withTimeout } from '../helpers.ts'

/**
 * A client speaking the y-websocket protocol by hand, so a test can send exactly the update it wants:
 * it syncs a Y.Doc with the server's state, then a change made on that doc is sent as one raw sync
 * update frame. It records every frame it receives, refusals, and how the socket closed.
 */
export class RawPeer {
  readonly doc = new Y.Doc()
  readonly refusals: Refusal[] = []
  readonly ws: WebSocket
  framesReceived = 0
  closed: Promise<{ code: number; reason: string }>
  synced: Promise<void>
  #markSynced: () => void = () => {}

  constructor(url: string) {
    this.ws = new WebSocket(url)
    this.ws.binaryType = 'arraybuffer'
    this.ws.on('error', () => {})
    this.synced = new Promise((resolve) => (this.#markSynced = resolve))
    this.closed = new Promise((resolve) =>
      this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    )
    this.ws.on('open', () => {
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, 0)
      syncProtocol.writeSyncStep1(encoder, this.doc)
      this.ws.send(encoding.toUint8Array(encoder))
    })
    this.ws.on('message', (data: ArrayBuffer) => this.#receive(new Uint8Array(data)))
  }

  static async open(
    cleanup: ReturnType<typeof createCleanup>,
    serverUrl: string,
    path: string,
  ): Promise<RawPeer> {
    const peer = new RawPeer(`${serverUrl.replace(/^http/, 'ws')}${path.replace(/^\//, '')}`)
    cleanup.add(() => {
      peer.ws.terminate()
      peer.doc.destroy()
    })
    return peer
  }

  /** Opens the board (or notes) of a session with a connect token and waits for the first sync. */
  static async join(
    cleanup: ReturnType<typeof createCleanup>,
    serverUrl: string,
    sessionId: string,
    token: string,
    target: 'board' | 'notes' = 'board',
  ): Promise<RawPeer> {
    const suffix = target === 'notes' ? '/notes' : ''
    const peer = await RawPeer.open(
      cleanup,
      serverUrl,
      `sync/${sessionId}${suffix}?token=${encodeURIComponent(token)}`,
    )
    await withTimeout(
      Promise.race([
        peer.synced,
        peer.closed.then((c) => Promise.reject(new Error(`closed ${c.code} ${c.reason}`))),
      ]),
      10_000,
      'the raw peer to sync',
    )
    return peer
  }

  /** Makes a change on the synced doc (e.g. a board mutation) and sends exactly its update, raw. */
  write(change: (doc: Y.Doc) => void): Uint8Array {
    const updates: Uint8Array[] = []
    const capture = (update: Uint8Array, origin: unknown) => {
      if (origin !== this) updates.push(update)
    }
    this.doc.on('update', capture)
    change(this.doc)
    this.doc.off('update', capture)
    const update = Y.mergeUpdates(updates)
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    syncProtocol.writeUpdate(encoder, update)
    this.ws.send(encoding.toUint8Array(encoder))
    return update
  }

  #receive(frame: Uint8Array): void {
    this.framesReceived++
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    if (type === MESSAGE_REFUSAL) {
      this.refusals.push(refusalSchema.parse(JSON.parse(decoding.readVarString(decoder))))
      return
    }
    if (type !== 0) return
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    const kind = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this)
    if (encoding.length(encoder) > 1) this.ws.send(encoding.toUint8Array(encoder))
    if (kind === syncProtocol.messageYjsSyncStep2) this.#markSynced()
  }
}
