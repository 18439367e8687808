import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { Logger } from '../log.ts'
import { errorKind } from '../log.ts'
import { SYNC_CLOSE } from '@session-board/protocol'
import type { CatchUp, ClientOwner, DocumentStore, StoredDocument } from '../store/types.ts'
import { updatesInOrder } from '../store/types.ts'
import { ANONYMOUS_OWNER, Authorship } from './authorship.ts'
import type { ChangeReport } from './changes.ts'
import { changesOf } from './changes.ts'
import type { CompactionPolicy } from './compaction.ts'
import { Compactor } from './compaction.ts'
import type { Connection } from './connection.ts'
import { STORE_FAILED_CLOSE } from './connection.ts'
import type { PersistQueue } from './persistence.ts'
import type {
  Extensions,
  IncomingUpdate,
  ServerWrite,
  StampedRecord,
  StampRequest,
  UpdateRefusal,
} from './extension.ts'
import type { Fanout, RemoteRow } from './fanout.ts'
import type { PresenceFrame } from './presence.ts'
import { PresenceGuard } from './presence.ts'
import {
  encodeAwarenessMessage,
  encodeRefusal,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdateMessage,
} from './protocol.ts'

/** The origin of the server's own writes (a session's setup, a migration). */
const SERVER_WRITE = Symbol('session-board/server-write')
/** The origin of a person's accepted update. */
const ACCEPTED = Symbol('session-board/accepted')
/** The origin of rows stored by another instance (or read back from the store to catch up). */
const REMOTE = Symbol('session-board/remote')

/** Why the core itself refuses an update: its Yjs client ids or clocks do not add up. */
const authorshipRefusals = {
  foreign_client: 'That change was sent under another person’s name, so it was refused.',
  clock_gap: 'That change skipped part of its own history, so it was refused; the board reloads.',
} as const

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] }

export type DocumentContext = {
  store: DocumentStore
  persistence: PersistQueue
  compaction: CompactionPolicy
  log: Logger
  /** Storing failed: the document holds what the store does not, so it must be dropped and reloaded. */
  onBroken: (document: SessionDocument) => void
  /** The other instances serving this document (none, with one instance). */
  fanout: Fanout
  /** A remote row arrived beyond a gap: the registry fills the gap from the store if it stays. */
  onGap: (document: SessionDocument) => void
}

/** Who published the remote presence states this instance holds, so a silent instance's can go. */
type RemotePresence = { from: string }

/**
 * One loaded document: its Y.Doc, its awareness and the connections to it.
 *
 * An update that passes the checks is applied at once, so the next update is checked against a document
 * that has it. That transaction's encoded update is the stored row and the one frame relayed. The
 * server's stamps for it follow, coalesced with those of other edits, in a row of their own, or, when
 * they are due at once (a record was created), travel in the update's own row. Nothing is sent to
 * anyone before it is stored: the frame waits for its row, and a newcomer's sync answer waits for every
 * row accepted before it asked. If a row cannot be stored, the document is dropped (its connections
 * close with 1011 and the clients, reconnecting, send again what the store lacks).
 */
export class SessionDocument {
  readonly sessionId: string
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness: awarenessProtocol.Awareness
  readonly #presence: PresenceGuard
  readonly connections = new Set<Connection>()
  readonly compactor: Compactor
  /** Who writes under which Yjs client id; the server's own is reserved once the stored state is in. */
  readonly authorship: Authorship
  #persistence: PersistQueue
  #log: Logger
  #onBroken: (document: SessionDocument) => void
  /** Rows handed to the store, and rows it has answered for (stored rows answer in order). */
  #rowsAccepted = 0
  #rowsSettled = 0
  /** Sync answers encoded when asked, sent once every row accepted before then is stored. */
  #heldAnswers: Array<{ connection: Connection; frame: Uint8Array; after: number }> = []
  #broken = false
  #fanout: Fanout
  #onGap: (document: SessionDocument) => void
  /** Every row up to this seq is in the document: the log's unbroken prefix. */
  #applied: number
  /** Rows above `applied` that the document has already (stored here while another's was on its way). */
  #have = new Set<number>()
  /** Rows from other instances that arrived above a gap, by seq. */
  #waiting = new Map<number, RemoteRow>()
  /** The presence states each other instance published here, by client id. */
  #remotePresence = new Map<string, Set<number>>()
  #presenceOrigins = new Map<string, RemotePresence>()
  /**
   * The stamps owed for accepted updates (records only: the updates themselves are let go), one per
   * record and kind, in the order of their last change: the first creation of a record, and its last
   * change. Kept this small because they wait a second: a record per edit outlived the young
   * generation, and the old-space collector then paid for each.
   */
  #unstamped = new Map<string, StampedRecord>()
  #stamper: Extensions | null = null
  #stampTimer: NodeJS.Timeout | null = null
  #stampDue = 0

  constructor(sessionId: string, stored: StoredDocument, context: DocumentContext) {
    this.sessionId = sessionId
    this.#persistence = context.persistence
    this.#log = context.log
    this.#onBroken = context.onBroken
    this.#fanout = context.fanout
    this.#onGap = context.onGap
    this.#applied = stored.headSeq
    this.#restore(updatesInOrder(stored))
    // After the restore: Yjs gives the doc a new client id if a stored update already used its first one.
    this.authorship = new Authorship(sessionId, this.doc, stored.owners, context.log)
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
   * A person's update: checked (authorship, then the extensions), applied with the server's stamps,
   * and queued for storage; it reaches the other connections once stored. A refusal changes nothing.
   */
  accept(from: Connection, update: Uint8Array, extensions: Extensions): UpdateRefusal | null {
    if (this.#broken) return null
    const who = from.participant
    const owner = who.identity.kind === 'person' ? who.identity.personId : ANONYMOUS_OWNER
    const authorship = this.authorship.check(owner, update)
    if (!authorship.ok) {
      return {
        ok: false,
        code: SYNC_CLOSE.refused.code,
        reason: authorshipRefusals[authorship.problem],
        rule: authorship.problem,
        detail: authorship.detail,
      }
    }
    let report: ChangeReport | null = null
    const incoming: IncomingUpdate = {
      who,
      documentName: this.sessionId,
      doc: this.doc,
      update,
      changes: () => (report ??= changesOf(this.doc, update)),
    }
    const refusal = extensions.checkUpdate(incoming)
    if (refusal) return refusal
    // Stamps and after-store hooks read the changes as they were before the update went in.
    const owes = extensions.stamps ? extensions.stampsFor(incoming) : null
    if (extensions.readChangesLater) incoming.changes()
    const claims = this.authorship.accept(update)
    const applied = authorship.fresh
      ? this.#applyFresh(update)
      : this.#transact(() => Y.applyUpdate(this.doc, update), ACCEPTED)
    if (applied === null) return null
    const stored = {
      stored: (seq: number) => extensions.afterStore({ ...incoming, seq }),
      failed: () => {},
    }
    if (!owes || owes.dueInMs > 0) {
      // The sender has the update already: it goes to the others only; its stamps come later, if any.
      this.#commit(applied, claims, from, stored)
      if (owes) this.#stampLater(owes, extensions)
      return null
    }
    // Stamps due at once (a record was created, and its author shows with it) go in the update's own
    // row, with any others still owed. They need a transaction of their own: Yjs gives its document a
    // new client id when one transaction applies someone's update and also writes under its own id.
    const owed = this.#takeUnstamped()
    owed.push(...owes.records)
    const stamps = this.#transact(() => extensions.writeStamps(owed, this.doc), ACCEPTED)
    if (stamps === null) {
      this.#commit(applied, claims, from, stored)
      return null
    }
    claims.push(...this.authorship.serverClaims())
    // The sender lacks the stamps: it is sent the row too.
    this.#commit(Y.mergeUpdates([applied, stamps]), claims, null, stored)
    return null
  }

  #takeUnstamped(): StampedRecord[] {
    if (this.#stampTimer) clearTimeout(this.#stampTimer)
    this.#stampTimer = null
    const owed = [...this.#unstamped.values()]
    this.#unstamped.clear()
    return owed
  }

  /**
   * Writes the stamps still owed for accepted updates now, as one server row (eviction and shutdown
   * call this before they wait for the store).
   */
  flushStamps(): void {
    const accepted = this.#takeUnstamped()
    const extensions = this.#stamper
    if (accepted.length === 0 || !extensions || this.#broken) return
    try {
      this.serverWrite((doc) => extensions.writeStamps(accepted, doc)).catch(() => {
        // Storing failed: the document is dropped (#break) and its people reload.
      })
    } catch {
      // The transaction threw: #run logged it and dropped the document.
    }
  }

  /** Stamps are coalesced: the soonest one due sets when all of those waiting are written. */
  #stampLater({ dueInMs: delayMs, records }: StampRequest, extensions: Extensions): void {
    for (const record of records) this.#owe(record)
    this.#stamper = extensions
    const due = Date.now() + delayMs
    if (this.#stampTimer && this.#stampDue <= due) return
    if (this.#stampTimer) clearTimeout(this.#stampTimer)
    this.#stampDue = due
    this.#stampTimer = setTimeout(() => this.flushStamps(), delayMs)
  }

  /**
   * The stamp of a record's first creation in this run is kept as it is (its creator stays); any later
   * change, a second creation included, replaces the record's last change and moves it to the end.
   */
  #owe(record: StampedRecord): void {
    const name = `${record.root}\u0000${record.recordId ?? ''}`
    if (record.created && !this.#unstamped.has(`created\u0000${name}`)) {
      this.#unstamped.set(`created\u0000${name}`, record)
      return
    }
    const changed = `changed\u0000${name}`
    this.#unstamped.delete(changed)
    this.#unstamped.set(changed, record.created ? { ...record, created: false } : record)
  }

  /** A change by the server itself; resolves once it is stored and sent to the connections. */
  serverWrite(change: ServerWrite): Promise<void> {
    if (this.#broken) return Promise.reject(new Error('the document is being reloaded'))
    const row = this.#transact(() => change(this.doc), SERVER_WRITE)
    if (row === null) return Promise.resolve()
    const claims = this.authorship.serverClaims()
    return new Promise<void>((resolve, reject) => {
      this.#commit(row, claims, null, {
        stored: () => resolve(),
        failed: (error) => reject(error instanceof Error ? error : new Error(String(error))),
      })
    })
  }

  /** Sync step 2 for a client: what the document holds now, sent once all of it is stored. */
  answerSyncStep1(connection: Connection, stateVector: Uint8Array): void {
    const frame = encodeSyncStep2(this.doc, stateVector)
    if (this.#rowsSettled >= this.#rowsAccepted) connection.send(frame)
    else this.#heldAnswers.push({ connection, frame, after: this.#rowsAccepted })
  }

  /** The seq below which every row is in this document. */
  get appliedSeq(): number {
    return this.#applied
  }

  /** Whether rows from other instances wait for one that has not arrived. */
  get hasGap(): boolean {
    return this.#waiting.size > 0
  }

  /**
   * A row another instance stored: applied in seq order, so whatever it refers to is here first (an
   * instance only accepts references to what its document has, and stores in the order it accepts).
   */
  receiveRow(row: RemoteRow): void {
    if (this.#broken || row.seq <= this.#applied || this.#have.has(row.seq)) return
    this.#waiting.set(row.seq, row)
    this.#advance()
    if (this.#waiting.size > 0) this.#onGap(this)
  }

  /** What the store holds beyond `appliedSeq`, read to fill a gap or after the fan-out was away. */
  catchUp({ snapshot, updates, owners }: CatchUp): void {
    if (this.#broken) return
    this.authorship.learn(owners)
    // Compacted rows come as a snapshot; what of it the document has already changes nothing.
    if (snapshot) this.#applyRemote(snapshot)
    for (const { seq, update } of updates) this.receiveRow({ seq, update, claims: [] })
  }

  /** Rows in seq order, as far as they reach without a gap. */
  #advance(): void {
    const from = this.#applied
    for (;;) {
      const next = this.#applied + 1
      if (this.#have.delete(next)) {
        this.#applied = next
        continue
      }
      const row = this.#waiting.get(next)
      if (!row) break
      this.#waiting.delete(next)
      this.authorship.learn(row.claims)
      this.#applyRemote(row.update)
      this.#applied = next
    }
    if (this.#applied > from) this.compactor.noteStored(this.#applied)
  }

  #applyRemote(update: Uint8Array): void {
    let added: Uint8Array | null = null
    const capture = (change: Uint8Array) => (added = change)
    this.doc.on('update', capture)
    try {
      Y.applyUpdate(this.doc, update, REMOTE)
    } catch (error) {
      // Another instance checked and stored it, so this means a damaged row: the rest still goes on.
      this.#log.error('document.bad_remote_row', { sessionId: this.sessionId, error: errorKind(error) })
    } finally {
      this.doc.off('update', capture)
      // Stored already: what it added to this document goes to everyone here at once.
      if (added) this.#broadcast(encodeUpdateMessage(added), null)
    }
  }

  /** Presence published on another instance: relayed here, never stored. */
  receivePresence(from: string, update: Uint8Array): void {
    if (this.#broken) return
    let origin = this.#presenceOrigins.get(from)
    if (!origin) this.#presenceOrigins.set(from, (origin = { from }))
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, origin)
  }

  /**
   * Sends the presence of this instance's own peers to the others: an instance that just opened the
   * document asked, and would otherwise wait for each peer's next renewal (up to 15 s) to see them.
   */
  sharePresence(): void {
    const remote = new Set([...this.#remotePresence.values()].flatMap((clients) => [...clients]))
    const own = [...this.awareness.getStates().keys()].filter((clientId) => !remote.has(clientId))
    if (own.length === 0) return
    this.#fanout.publishPresence(this.sessionId, awarenessProtocol.encodeAwarenessUpdate(this.awareness, own))
  }

  /** Drops the presence of instances no longer heard from (one that was killed says nothing). */
  forgetSilentInstances(alive: ReadonlySet<string>): void {
    for (const [from, clients] of this.#remotePresence) {
      if (alive.has(from)) continue
      this.#remotePresence.delete(from)
      this.#presenceOrigins.delete(from)
      if (clients.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...clients], null)
    }
  }

  /**
   * Runs a change in one transaction and returns its encoded update, or null if it changed nothing.
   * Yjs encodes a transaction's update only while someone listens, so the listener is there only now.
   */
  #transact(work: () => void, origin: symbol): Uint8Array | null {
    let row: Uint8Array | null = null
    const capture = (update: Uint8Array) => (row = update)
    this.doc.on('update', capture)
    try {
      this.#run(work, origin)
    } finally {
      this.doc.off('update', capture)
    }
    return row
  }

  /**
   * Applies an update the authorship check found fresh (all of it new, each client's part straight on
   * from what the document has): it adds exactly what it says, so it is its own row, and Yjs need not
   * encode the transaction again.
   */
  #applyFresh(update: Uint8Array): Uint8Array {
    this.#run(() => Y.applyUpdate(this.doc, update), ACCEPTED)
    return update
  }

  #run(work: () => void, origin: symbol): void {
    try {
      this.doc.transact(work, origin)
    } catch (error) {
      // Yjs cannot roll back: whatever part went in is in memory only. Drop the document.
      this.#log.error('document.apply_failed', { sessionId: this.sessionId, error: errorKind(error) })
      this.#break()
      throw error
    }
  }

  #commit(
    row: Uint8Array,
    claims: ClientOwner[],
    except: Connection | null,
    then: { stored: (seq: number) => void; failed: (error: unknown) => void },
  ): void {
    const ticket = ++this.#rowsAccepted
    this.#persistence.enqueue({
      sessionId: this.sessionId,
      update: row,
      claims,
      onStored: (seq) => {
        if (this.#broken) return
        this.authorship.stored(claims)
        this.#broadcast(encodeUpdateMessage(row), except)
        this.#fanout.publishRow(this.sessionId, { seq, update: row, claims })
        this.#have.add(seq)
        this.#advance()
        this.#settled(ticket)
        then.stored(seq)
      },
      onFailed: (error) => {
        this.#break()
        then.failed(error)
      },
    })
  }

  #settled(ticket: number): void {
    this.#rowsSettled = ticket
    if (this.#heldAnswers.length === 0) return
    const ready = this.#heldAnswers.filter(({ after }) => after <= ticket)
    if (ready.length === 0) return
    this.#heldAnswers = this.#heldAnswers.filter(({ after }) => after > ticket)
    for (const { connection, frame } of ready) {
      if (!connection.isClosed) connection.send(frame)
    }
  }

  /** The document holds what the store does not: everyone reconnects to a fresh load. */
  #break(): void {
    if (this.#broken) return
    this.#broken = true
    this.#heldAnswers = []
    for (const connection of this.connections) {
      connection.close(STORE_FAILED_CLOSE.code, STORE_FAILED_CLOSE.reason)
    }
    this.#onBroken(this)
  }

  get isBroken(): boolean {
    return this.#broken
  }

  /** A client's presence: its own state only, small and rate-bounded, as the hooks rewrite it. */
  applyAwareness(from: Connection, frame: PresenceFrame, extensions: Extensions): void {
    const verdict = this.#presence.admit(from, frame, extensions)
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
    this.#takeUnstamped()
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

  /**
   * Who owns which client id is settled by the presence guard, before anything is applied. Presence
   * from here goes to the other instances too; presence from them is remembered by instance.
   */
  #relayAwareness({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    const changed = [...added, ...updated, ...removed]
    if (changed.length === 0) return
    this.#broadcast(encodeAwarenessMessage(this.awareness, changed), origin)
    const remote =
      origin !== null && typeof origin === 'object' && 'from' in origin ? (origin as RemotePresence) : null
    if (remote) {
      const clients = this.#remotePresence.get(remote.from) ?? new Set<number>()
      for (const id of [...added, ...updated]) clients.add(id)
      for (const id of removed) clients.delete(id)
      this.#remotePresence.set(remote.from, clients)
    } else if (origin !== null) {
      this.#fanout.publishPresence(
        this.sessionId,
        awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
      )
    }
  }

  #broadcast(frame: Uint8Array, except: unknown): void {
    for (const connection of this.connections) {
      if (connection !== except) connection.send(frame)
    }
  }
}
