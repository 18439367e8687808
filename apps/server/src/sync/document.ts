import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { Logger } from '../log.ts'
import { errorMessage } from '../log.ts'
import type { DocumentStore } from '../store/types.ts'
import type { CompactionPolicy } from './compaction.ts'
import { Compactor } from './compaction.ts'
import type { Connection } from './connection.ts'
import { STORE_FAILED_CLOSE } from './connection.ts'
import type { PersistQueue } from './persistence.ts'
import { encodeAwarenessMessage, encodeSyncStep1, encodeUpdateMessage } from './protocol.ts'

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] }

export type DocumentContext = {
  store: DocumentStore
  persistence: PersistQueue
  compaction: CompactionPolicy
  log: Logger
}

/**
 * One loaded session: its Y.Doc, its awareness and the connections to it. The Y.Doc only ever holds
 * updates that are already in the store: an accepted update is queued for storage and applied (and so
 * broadcast, through the doc's update event) once it is durable. Whatever the server sends, in relays or
 * in sync step 2 answers, has therefore been persisted first.
 */
export class SessionDocument {
  readonly sessionId: string
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness: awarenessProtocol.Awareness
  readonly connections = new Set<Connection>()
  readonly compactor: Compactor
  #persistence: PersistQueue
  #log: Logger

  constructor(
    sessionId: string,
    stored: { updates: Uint8Array[]; lastId: number },
    context: DocumentContext,
  ) {
    this.sessionId = sessionId
    this.#persistence = context.persistence
    this.#log = context.log
    this.#restore(stored.updates)
    this.compactor = new Compactor(
      sessionId,
      this.doc,
      stored.lastId,
      context.store,
      context.compaction,
      context.log,
    )
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    // The server is not a participant: it publishes no presence of its own.
    this.awareness.setLocalState(null)
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.#broadcast(encodeUpdateMessage(update), origin)
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
    const clients = [...connection.controlledClients]
    if (clients.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, clients, connection)
  }

  /** Stores an accepted update; applies and relays it only once it is durable. */
  receiveUpdate(from: Connection, update: Uint8Array): void {
    this.#persistence.enqueue({
      sessionId: this.sessionId,
      update,
      onStored: (id) => {
        // Applied even if the sender left meanwhile: it is stored, so the document must have it too.
        Y.applyUpdate(this.doc, update, from)
        this.compactor.noteStored(id)
      },
      onFailed: () => from.close(STORE_FAILED_CLOSE.code, STORE_FAILED_CLOSE.reason),
    })
  }

  applyAwareness(from: Connection, update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, from)
  }

  encodeAllAwareness(): Uint8Array {
    return encodeAwarenessMessage(this.awareness, [...this.awareness.getStates().keys()])
  }

  /** Frees everything this document holds, so an evicted session costs no memory. */
  destroy(): void {
    this.compactor.stop()
    this.connections.clear()
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
            error: errorMessage(error),
          })
        }
      }
    })
  }

  #relayAwareness({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    if (isConnection(origin, this.connections)) {
      for (const client of [...added, ...updated]) origin.controlledClients.add(client)
      for (const client of removed) origin.controlledClients.delete(client)
    }
    const changed = [...added, ...updated, ...removed]
    if (changed.length > 0) this.#broadcast(encodeAwarenessMessage(this.awareness, changed), origin)
  }

  #broadcast(frame: Uint8Array, except: unknown): void {
    for (const connection of this.connections) {
      if (connection !== except) connection.send(frame)
    }
  }
}

function isConnection(origin: unknown, connections: Set<Connection>): origin is Connection {
  return connections.has(origin as Connection)
}
