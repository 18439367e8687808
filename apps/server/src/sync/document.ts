import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { Logger } from '../log.ts'
import { errorKind } from '../log.ts'
import type { DocumentStore, StoredDocument } from '../store/types.ts'
import { updatesInOrder } from '../store/types.ts'
import { Authorship } from './authorship.ts'
import type { CompactionPolicy } from './compaction.ts'
import { Compactor } from './compaction.ts'
import type { Connection } from './connection.ts'
import { STORE_FAILED_CLOSE } from './connection.ts'
import type { PersistQueue } from './persistence.ts'
import type { ServerWrite, SyncHooks } from './hooks.ts'
import type { PresenceFrame } from './presence.ts'
import { PresenceGuard } from './presence.ts'
import {
  encodeAwarenessMessage,
  encodeRefusal,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdateMessage,
} from './protocol.ts'

/** The origin of the server's own writes (stamps, session status, a new session's setup). */
const SERVER_WRITE = Symbol('session-board/server-write')

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] }

export type DocumentContext = {
  store: DocumentStore
  persistence: PersistQueue
  compaction: CompactionPolicy
  log: Logger
}

/**
 * One loaded session: its Y.Doc, its awareness and the connections to it. A client's update is queued
 * for storage and applied (and so broadcast, through the doc's update event) once it is durable.
 *
 * The server's own writes are made on the Y.Doc first (Yjs has to build them against its state) and
 * stored right after; until they are durable they are sent to nobody: their relay waits for the store,
 * and sync step 2 answers are held back meanwhile. Whatever the server sends has been persisted first.
 */
export class SessionDocument {
  readonly sessionId: string
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness: awarenessProtocol.Awareness
  readonly #presence: PresenceGuard
  readonly connections = new Set<Connection>()
  readonly compactor: Compactor
  /** Updates accepted but not yet stored, in order: the write filter resolves references into them. */
  readonly pendingUpdates: Uint8Array[] = []
  /** Who writes under which Yjs client id; the server's own is reserved once the stored state is in. */
  readonly authorship: Authorship
  #persistence: PersistQueue
  #serverWritesInFlight = 0
  #heldAnswers: Array<{ connection: Connection; stateVector: Uint8Array }> = []
  #log: Logger

  constructor(sessionId: string, stored: StoredDocument, context: DocumentContext) {
    this.sessionId = sessionId
    this.#persistence = context.persistence
    this.#log = context.log
    this.#restore(updatesInOrder(stored))
    // After the restore: Yjs gives the doc a new client id if a stored update already used its first one.
    this.authorship = new Authorship(sessionId, this.doc, this.pendingUpdates, stored.owners, context.log)
    this.compactor = new Compactor(
      sessionId,
      this.doc,
      stored.headSeq,
      context.store,
      context.compaction,
      context.log,
    )
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    // The server is not a participant: it publishes no presence of its own.
    this.awareness.setLocalState(null)
    // An awareness client id is the Yjs one: whoever writes under it in the document owns its presence.
    this.#presence = new PresenceGuard(this.awareness, this.connections, context.log, (clientId) =>
      this.authorship.ownerOf(clientId),
    )
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== SERVER_WRITE) this.#broadcast(encodeUpdateMessage(update), origin)
    })
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) =>
      this.#relayAwareness(change, origin),
    )
  }

  /** Greets a new connection the way the reference server does: our state vector, then who is here. */
  addConnection(connection: Connection): void {
    this.connections.add(connection)
    connection.send(encodeSyncStep1(this.doc))
    if (this.awareness.getStates().size > 0) connection.send(this.encodeAllAwareness())
  }

  /** Forgets a connection and, at once, the presence it published: no ghost cursors. */
  removeConnection(connection: Connection): void {
    if (!this.connections.delete(connection)) return
    this.#presence.release(connection)
    const clients = [...connection.controlledClients]
    if (clients.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, clients, connection)
  }

  /**
   * Stores an accepted update; applies and relays it only once it is durable, then makes the server's
   * follow-up write (the author's stamp), if any.
   */
  receiveUpdate(from: Connection, update: Uint8Array, afterStored: ServerWrite | null = null): void {
    const claims = this.authorship.accept(update)
    this.pendingUpdates.push(update)
    const settle = () => {
      const index = this.pendingUpdates.indexOf(update)
      if (index >= 0) this.pendingUpdates.splice(index, 1)
    }
    this.#persistence.enqueue({
      sessionId: this.sessionId,
      update,
      claims,
      onStored: (seq) => {
        settle()
        this.authorship.stored(claims)
        // Applied even if the sender left meanwhile: it is stored, so the document must have it too.
        Y.applyUpdate(this.doc, update, from)
        this.compactor.noteStored(seq)
        if (afterStored) void this.serverWrite(afterStored)
      },
      onFailed: () => {
        settle()
        from.close(STORE_FAILED_CLOSE.code, STORE_FAILED_CLOSE.reason)
      },
    })
  }

  /** A change by the server itself; resolves once it is stored and sent to the connections. */
  serverWrite(change: ServerWrite): Promise<void> {
    const parts: Uint8Array[] = []
    const capture = (update: Uint8Array, origin: unknown) => {
      if (origin === SERVER_WRITE) parts.push(update)
    }
    this.doc.on('update', capture)
    try {
      this.doc.transact(() => change(this.doc), SERVER_WRITE)
    } finally {
      this.doc.off('update', capture)
    }
    if (parts.length === 0) return Promise.resolve()
    const update = parts.length === 1 ? (parts[0] as Uint8Array) : Y.mergeUpdates(parts)
    this.#serverWritesInFlight++
    const claims = this.authorship.serverClaims()
    return new Promise<void>((resolve, reject) => {
      this.#persistence.enqueue({
        sessionId: this.sessionId,
        update,
        claims,
        onStored: (seq) => {
          this.authorship.stored(claims)
          this.compactor.noteStored(seq)
          this.#broadcast(encodeUpdateMessage(update), null)
          this.#serverWriteSettled()
          resolve()
        },
        onFailed: (error) => {
          // The next compaction's snapshot still stores it; until then peers get it on their next sync.
          this.#serverWriteSettled()
          reject(error instanceof Error ? error : new Error(String(error)))
        },
      })
    })
  }

  /** Sync step 2 for a client, held back while a server write is not yet durable. */
  answerSyncStep1(connection: Connection, stateVector: Uint8Array): void {
    if (this.#serverWritesInFlight > 0) this.#heldAnswers.push({ connection, stateVector })
    else connection.send(encodeSyncStep2(this.doc, stateVector))
  }

  #serverWriteSettled(): void {
    this.#serverWritesInFlight--
    if (this.#serverWritesInFlight > 0) return
    const held = this.#heldAnswers
    this.#heldAnswers = []
    for (const { connection, stateVector } of held) {
      if (!connection.isClosed) connection.send(encodeSyncStep2(this.doc, stateVector))
    }
  }

  /** A client's presence: its own state only, small and rate-bounded, as the hooks rewrite it. */
  applyAwareness(from: Connection, frame: PresenceFrame, hooks: SyncHooks): void {
    const verdict = this.#presence.admit(from, frame, hooks)
    if (verdict.ok) {
      if (verdict.update) awarenessProtocol.applyAwarenessUpdate(this.awareness, verdict.update, from)
      return
    }
    from.send(encodeRefusal({ code: verdict.rule, message: verdict.reason }))
    from.close(verdict.code, verdict.reason)
  }

  encodeAllAwareness(): Uint8Array {
    return encodeAwarenessMessage(this.awareness, [...this.awareness.getStates().keys()])
  }

  /** Frees everything this document holds, so an evicted session costs no memory. */
  destroy(): void {
    this.compactor.stop()
    this.connections.clear()
    this.#heldAnswers = []
    this.awareness.destroy()
    this.doc.destroy()
  }

  #restore(updates: Uint8Array[]): void {
    this.doc.transact(() => {
      for (const [index, update] of updates.entries()) {
        try {
          Y.applyUpdate(this.doc, update)
        } catch (error) {
          // Updates are validated before they are stored, so this means a damaged row. Loading the rest
          // is better than refusing the whole session forever.
          this.#log.error('document.bad_stored_update', {
            sessionId: this.sessionId,
            index,
            bytes: update.byteLength,
            // The kind only: a damaged update's JSON content would be quoted by JSON.parse's message.
            error: errorKind(error),
          })
        }
      }
    })
    const { pendingStructs, pendingDs } = this.doc.store
    if (pendingStructs || pendingDs) {
      // Structs stored behind a gap (before such updates were refused) can never apply, yet every sync
      // would hand them on and every honest client would send them back. Dropped here; the next
      // compaction leaves them out of the snapshot for good.
      this.#log.warn('document.dropped_pending', {
        sessionId: this.sessionId,
        structBytes: pendingStructs?.update.byteLength ?? 0,
        deletionBytes: pendingDs?.byteLength ?? 0,
      })
      this.doc.store.pendingStructs = null
      this.doc.store.pendingDs = null
    }
  }

  /** Who owns which client id is settled by the presence guard, before anything is applied. */
  #relayAwareness({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    const changed = [...added, ...updated, ...removed]
    if (changed.length > 0) this.#broadcast(encodeAwarenessMessage(this.awareness, changed), origin)
  }

  #broadcast(frame: Uint8Array, except: unknown): void {
    for (const connection of this.connections) {
      if (connection !== except) connection.send(frame)
    }
  }
}
