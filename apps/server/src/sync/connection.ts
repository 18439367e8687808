import { SYNC_CLOSE } from '@session-board/protocol'
import type { SyncTarget } from '@session-board/protocol'
import type { RawData, WebSocket } from 'ws'
import type { Logger } from '../log.ts'
import { errorKind, errorMessage } from '../log.ts'
import type { SessionDocument } from './document.ts'
import type { Extensions, Identity, Participant } from './extension.ts'
import { documentName } from './extension.ts'
import type { ClientMessage } from './protocol.ts'
import { decodeClientMessage, encodeRefusal } from './protocol.ts'
import { holdWrites } from './sendTogether.ts'

let nextConnectionId = 1

/**
 * How many updates that skip part of their sender's history are held until the sender's sync step 2,
 * and how many bytes of them. After a server restart or a failover, a client's live edits can arrive
 * before its step 2 brings the edits the server never stored; held, they apply once it has.
 */
const HELD_BEFORE_STEP2 = { updates: 64, bytes: 1 << 20 } as const

/** Closes the sender when storing its update failed; it reconnects and resends through sync step 2. */
export const STORE_FAILED_CLOSE = {
  code: 1011,
  reason: 'The change could not be saved; reconnecting.',
} as const

/**
 * One websocket to one session document. Frames that arrive while the document is still loading are
 * queued and handled in order once it is attached. Any frame that cannot be decoded closes this
 * connection alone; nothing about it reaches the document or other people.
 */
export class Connection {
  readonly id = nextConnectionId++
  readonly sessionId: string
  readonly target: SyncTarget
  /** The document this connection opens: the session's board, its therapist notes or a partner's scores. */
  readonly documentName: string
  readonly identity: Identity
  /** Who this is and where, as the extensions see it. */
  readonly participant: Participant
  /** The awareness client id this connection owns (at most one, see presence.ts), removed when it closes. */
  readonly controlledClients = new Set<number>()
  #ws: WebSocket
  #extensions: Extensions
  #log: Logger
  #document: SessionDocument | null = null
  #queued: Array<{ data: RawData; isBinary: boolean }> = []
  /** Until the client answered the server's sync step 1; then null. */
  #heldBeforeStep2: { updates: Uint8Array[]; bytes: number } | null = { updates: [], bytes: 0 }
  #closing = false
  #closed = false
  #onClose: (connection: Connection) => void = () => {}

  constructor(
    ws: WebSocket,
    sessionId: string,
    identity: Identity,
    extensions: Extensions,
    log: Logger,
    target: SyncTarget = 'board',
    /** The document the door chose for this connection; by default the one its path names. */
    name: string | null = null,
  ) {
    this.#ws = ws
    this.sessionId = sessionId
    this.target = target
    this.documentName =
      name ?? documentName(sessionId, target, identity.kind === 'person' ? identity.role : null)
    this.identity = identity
    this.participant = { identity, sessionId, target, connectionId: this.id }
    this.#extensions = extensions
    this.#log = log
    ws.on('message', (data, isBinary) => {
      if (this.#closing) return
      if (this.#document) this.#handle(this.#document, data, isBinary)
      else this.#queued.push({ data, isBinary })
    })
    ws.on('close', (code) => {
      this.#closed = true
      // The socket object may outlive the session (ws keeps it until the TCP close completes); it must
      // not keep an evicted document in memory.
      this.#document = null
      this.#queued = []
      this.#log.debug('sync.disconnected', { connection: this.id, sessionId, code })
      this.#onClose(this)
    })
    // ws reports oversized frames (1009, via maxPayload) and protocol errors here and closes by itself.
    ws.on('error', (error) => {
      this.#closing = true
      this.#log.warn('sync.socket_error', { connection: this.id, sessionId, error: errorMessage(error) })
    })
  }

  get isClosed(): boolean {
    return this.#closed || this.#closing
  }

  /** Called once, with what to do when the socket closes (the registry lets go of the connection). */
  onClose(listener: (connection: Connection) => void): void {
    this.#onClose = listener
  }

  /** Starts handling frames against the loaded document, beginning with those that arrived meanwhile. */
  attach(document: SessionDocument): void {
    this.#document = document
    const queued = this.#queued
    this.#queued = []
    for (const { data, isBinary } of queued) {
      if (this.#closing) return
      this.#handle(document, data, isBinary)
    }
  }

  send(frame: Uint8Array): void {
    if (this.isClosed || this.#ws.readyState !== this.#ws.OPEN) return
    holdWrites(this.#ws)
    this.#ws.send(frame)
  }

  close(code: number, reason: string): void {
    if (this.isClosed) return
    this.#closing = true
    this.#ws.close(code, reason)
  }

  #handle(document: SessionDocument, data: RawData, isBinary: boolean): void {
    let message: ClientMessage
    try {
      if (!isBinary) throw new Error('text frame')
      message = decodeClientMessage(toBytes(data))
    } catch (error) {
      this.#log.warn('sync.malformed_frame', {
        connection: this.id,
        sessionId: this.sessionId,
        bytes: byteLength(data),
        binary: isBinary,
        // The kind only: a decoder's message can quote the frame (JSON.parse shows its first characters).
        error: errorKind(error),
      })
      this.close(SYNC_CLOSE.malformedFrame.code, SYNC_CLOSE.malformedFrame.reason)
      return
    }
    try {
      this.#dispatch(document, message)
    } catch (error) {
      this.#log.error('sync.handler_failed', {
        connection: this.id,
        sessionId: this.sessionId,
        kind: message.kind,
        // The kind only: handling a client's message can fail on what that client wrote.
        error: errorKind(error),
      })
      this.close(1011, 'The server could not handle that message.')
    }
  }

  #dispatch(document: SessionDocument, message: ClientMessage): void {
    switch (message.kind) {
      case 'syncStep1':
        document.answerSyncStep1(this, message.stateVector)
        return
      case 'update': {
        if (message.step2) {
          if (!message.empty) this.#acceptUpdate(document, message.update, true)
          // The client's history is complete here now: what was held applies, or is refused for good.
          const held = this.#heldBeforeStep2?.updates ?? []
          this.#heldBeforeStep2 = null
          for (const update of held) {
            if (this.#closing) return
            this.#acceptUpdate(document, update, true)
          }
          return
        }
        if (!message.empty) this.#acceptUpdate(document, message.update, false)
        return
      }
      case 'awareness':
        document.applyAwareness(this, message.presence, this.#extensions)
        return
      case 'queryAwareness':
        this.send(document.encodeAllAwareness())
        return
    }
  }

  /**
   * Accepts one update, or refuses it and closes. Before the client's sync step 2 (`final` false), an
   * update that skips part of its sender's history is held instead, within HELD_BEFORE_STEP2.
   */
  #acceptUpdate(document: SessionDocument, update: Uint8Array, final: boolean): void {
    const refusal = document.accept(this, update, this.#extensions)
    if (refusal === null) return
    const held = this.#heldBeforeStep2
    if (
      !final &&
      held !== null &&
      refusal.rule === 'clock_gap' &&
      held.updates.length < HELD_BEFORE_STEP2.updates &&
      held.bytes + update.byteLength <= HELD_BEFORE_STEP2.bytes
    ) {
      held.updates.push(update)
      held.bytes += update.byteLength
      return
    }
    this.#log.info('sync.update_refused', {
      connection: this.id,
      sessionId: this.sessionId,
      code: refusal.code,
      rule: refusal.rule,
      bytes: update.byteLength,
    })
    this.#extensions.refused({
      kind: 'update',
      who: this.participant,
      rule: refusal.rule,
      detail: refusal.detail ?? '',
    })
    // Why, then the close: the client resynchronises from the server's document when it reconnects.
    this.send(encodeRefusal({ code: refusal.rule, message: refusal.reason }))
    this.close(refusal.code, refusal.reason)
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.byteLength, 0)
  return data.byteLength
}
