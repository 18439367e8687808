import type * as Y from 'yjs'
import type { Logger } from '../log.ts'
import { errorKind, errorMessage } from '../log.ts'
import type { DocumentStore } from '../store/types.ts'
import { updatesInOrder } from '../store/types.ts'
import type { CompactionPolicy } from './compaction.ts'
import type { Connection } from './connection.ts'
import type { Identity, ServerWrite } from './extension.ts'
import { SessionDocument } from './document.ts'
import type { Fanout, RemoteRow } from './fanout.ts'
import { noFanout } from './fanout.ts'
import type { PersistQueue } from './persistence.ts'

/**
 * Whose sockets to close, as data, so that every instance of the server can apply it to its own:
 * some people (withdrawn, locked) or one therapist login (signed out, idle).
 */
export type SocketMatch = { personIds: readonly string[] } | { loginId: string }

export type RegistryOptions = {
  store: DocumentStore
  persistence: PersistQueue
  compaction: CompactionPolicy
  /** How long a document stays loaded after its last connection left (a reload should not reload it). */
  evictAfterMs: number
  log: Logger
  /**
   * Asked once each time a document is loaded, before anyone is greeted or any server write runs: a
   * change it returns (e.g. bringing a document saved by an older server up to date) is made as a
   * server write, stored like any other, before the first connection gets its sync step. Null leaves
   * the document as it is. The core does not know what the documents are; the hook reads their names.
   */
  afterLoad?: (name: string, doc: Y.Doc) => ServerWrite | null
  /** The other instances serving the same documents; none by default. */
  fanout?: Fanout
}

/** How long a gap between remote rows may stay before the store fills it. */
const GAP_WAIT_MS = 200
/** How often every loaded document is checked against the store: while the fan-out is away, and not. */
const SWEEP_DOWN_MS = 500
const SWEEP_HEALTHY_MS = 10_000
/** How long after the fan-out is back before a silent instance's presence may be taken for gone. */
const PRESENCE_SILENCE_MS = 7_000

/**
 * The loaded documents. A document is loaded on its first connection (concurrent first connections
 * share one load), and evicted after it has had no connection for `evictAfterMs`: its pending updates
 * are stored, it is compacted into a snapshot, and everything it held is freed.
 */
export class DocumentRegistry {
  #options: RegistryOptions
  #documents = new Map<string, SessionDocument>()
  #loading = new Map<string, Promise<SessionDocument>>()
  #evicting = new Map<string, Promise<void>>()
  #evictionTimers = new Map<string, NodeJS.Timeout>()
  #closed = false
  #fanout: Fanout
  #gapTimers = new Map<string, NodeJS.Timeout>()
  #catchingUp = new Map<string, Promise<void>>()
  #sweeper: NodeJS.Timeout | null = null
  #lastSweep = 0
  #lastUnhealthy = 0

  constructor(options: RegistryOptions) {
    this.#options = options
    this.#fanout = options.fanout ?? noFanout
    if (options.fanout) {
      // Whatever was published while the fan-out was away was missed: the store has it.
      this.#fanout.onReconnect(() => void this.#sweep())
      this.#sweeper = setInterval(() => {
        const due = this.#fanout.healthy ? SWEEP_HEALTHY_MS : SWEEP_DOWN_MS
        // While Redis is away, and until heartbeats had time to arrive again after it, every other
        // instance seems silent: their cursors stay.
        if (!this.#fanout.healthy) this.#lastUnhealthy = Date.now()
        if (Date.now() - this.#lastUnhealthy > PRESENCE_SILENCE_MS) {
          for (const document of this.#documents.values()) {
            document.forgetSilentInstances(this.#fanout.peers())
          }
        }
        if (Date.now() - this.#lastSweep >= due) void this.#sweep()
      }, SWEEP_DOWN_MS)
      this.#sweeper.unref()
    }
  }

  get documentsLoaded(): number {
    return this.#documents.size
  }

  get connections(): number {
    let count = 0
    for (const document of this.#documents.values()) count += document.connections.size
    return count
  }

  isLoaded(sessionId: string): boolean {
    return this.#documents.has(sessionId)
  }

  /** Adds the connection to its document, loading it first if needed. Null if it closed meanwhile. */
  async join(connection: Connection): Promise<SessionDocument | null> {
    const document = await this.#acquire(connection.documentName)
    if (connection.isClosed) {
      this.#scheduleEvictionIfIdle(document)
      return null
    }
    this.#cancelEviction(connection.documentName)
    if (this.#options.fanout) {
      // One look at the store before the newcomer is answered: rows other instances stored that are
      // still on their way here (or behind a gap), and edits a failed instance stored but never
      // published, are in the first state the newcomer sees.
      await this.#checkAgainstStore(document)
      if (connection.isClosed) {
        this.#scheduleEvictionIfIdle(document)
        return null
      }
      // Evicted meanwhile (everyone else left and the grace period ran out): load it again.
      if (this.#documents.get(connection.documentName) !== document) return this.join(connection)
      this.#cancelEviction(connection.documentName)
    }
    document.addConnection(connection)
    return document
  }

  /**
   * A change by the server to a document, loaded for the purpose if needed (and evicted again later if
   * nobody is in it). Resolves once the change is stored and sent to everyone connected.
   */
  async write(name: string, change: ServerWrite): Promise<void> {
    const document = await this.#acquire(name)
    try {
      await document.serverWrite(change)
    } finally {
      this.#scheduleEvictionIfIdle(document)
    }
  }

  /**
   * Closes every connection that matches: some people's or one login's.
   * Given as data, so another instance can send it (access/sockets.ts). Returns how many closed.
   */
  closeFor(match: SocketMatch, code: number, reason: string): number {
    const matches = connectionMatcher(match)
    let closed = 0
    for (const document of this.#documents.values()) {
      for (const connection of document.connections) {
        if (!matches(connection)) continue
        connection.close(code, reason)
        closed++
      }
    }
    return closed
  }

  /** Who is connected to a session's board or notes right now (one entry per connection). */
  presentIn(sessionId: string): Identity[] {
    const present: Identity[] = []
    for (const document of this.#documents.values()) {
      for (const connection of document.connections) {
        if (connection.sessionId === sessionId && !connection.isClosed) present.push(connection.identity)
      }
    }
    return present
  }

  leave(connection: Connection): void {
    const document = this.#documents.get(connection.documentName)
    if (!document) return
    document.removeConnection(connection)
    this.#scheduleEvictionIfIdle(document)
  }

  /** Stores what is pending, compacts and frees every document; for shutdown. */
  async close(): Promise<void> {
    this.#closed = true
    for (const timer of this.#evictionTimers.values()) clearTimeout(timer)
    this.#evictionTimers.clear()
    for (const timer of this.#gapTimers.values()) clearTimeout(timer)
    this.#gapTimers.clear()
    if (this.#sweeper) clearInterval(this.#sweeper)
    await Promise.allSettled([...this.#loading.values(), ...this.#evicting.values()])
    await Promise.all([...this.#documents.keys()].map((sessionId) => this.#evict(sessionId)))
  }

  async #acquire(sessionId: string): Promise<SessionDocument> {
    if (this.#closed) throw new Error('the registry is closed')
    // An eviction in progress must finish (its snapshot written) before the session loads again.
    const evicting = this.#evicting.get(sessionId)
    if (evicting) await evicting
    const loaded = this.#documents.get(sessionId)
    if (loaded) return loaded
    let loading = this.#loading.get(sessionId)
    if (!loading) {
      loading = this.#load(sessionId).finally(() => this.#loading.delete(sessionId))
      this.#loading.set(sessionId, loading)
    }
    return loading
  }

  async #load(sessionId: string): Promise<SessionDocument> {
    const { store, persistence, compaction, log } = this.#options
    // Listening first: a row published while the load reads the store is held, then applied if newer.
    let document: SessionDocument | null = null
    const early: RemoteRow[] = []
    await this.#fanout.join(sessionId, {
      row: (row) => (document ? document.receiveRow(row) : early.push(row)),
      presence: (from, update) => document?.receivePresence(from, update),
      presenceAsked: () => document?.sharePresence(),
    })
    try {
      const stored = await store.load(sessionId)
      document = new SessionDocument(sessionId, stored, {
        store,
        persistence,
        compaction,
        log,
        fanout: this.#fanout,
        onBroken: (broken) => this.#drop(broken),
        onGap: (waiting) => this.#fillGapSoon(waiting),
      })
      for (const row of early) document.receiveRow(row)
      const updates = updatesInOrder(stored)
      const bytes = updates.reduce((sum, update) => sum + update.byteLength, 0)
      log.info('document.loaded', { sessionId, updates: updates.length, bytes, headSeq: stored.headSeq })
      await this.#afterLoad(document)
      this.#documents.set(sessionId, document)
      // Peers on other instances who are already here: their presence, without waiting for a renewal.
      this.#fanout.askPresence(sessionId)
      return document
    } catch (error) {
      this.#fanout.leave(sessionId)
      document?.destroy()
      throw error
    }
  }

  /** A gap between remote rows that is still there after a moment is filled from the store. */
  #fillGapSoon(document: SessionDocument): void {
    const { sessionId } = document
    if (this.#gapTimers.has(sessionId)) return
    const timer = setTimeout(() => {
      this.#gapTimers.delete(sessionId)
      if (document.hasGap) void this.#catchUp(document)
    }, GAP_WAIT_MS)
    timer.unref()
    this.#gapTimers.set(sessionId, timer)
  }

  /** Reads what the store has beyond the document's applied seq; one read per document at a time. */
  #catchUp(document: SessionDocument): Promise<void> {
    const { sessionId } = document
    const running = this.#catchingUp.get(sessionId)
    if (running) return running
    const reading = (async () => {
      try {
        const found = await this.#options.store.since(sessionId, document.appliedSeq)
        if (this.#documents.get(sessionId) === document) document.catchUp(found)
      } catch (error) {
        // Tried again on the next sweep.
        this.#options.log.warn('document.catch_up_failed', { sessionId, error: errorMessage(error) })
      } finally {
        this.#catchingUp.delete(sessionId)
      }
    })()
    this.#catchingUp.set(sessionId, reading)
    return reading
  }

  async #checkAgainstStore(document: SessionDocument): Promise<void> {
    try {
      const head = await this.#options.store.head(document.sessionId)
      if (head > document.appliedSeq) await this.#catchUp(document)
    } catch (error) {
      this.#options.log.warn('document.head_failed', {
        sessionId: document.sessionId,
        error: errorMessage(error),
      })
    }
  }

  /** Every loaded document against the store's heads, in one read: catches what the fan-out missed. */
  async #sweep(): Promise<void> {
    this.#lastSweep = Date.now()
    const documents = [...this.#documents.values()]
    if (documents.length === 0) return
    try {
      const heads = await this.#options.store.heads(documents.map(({ sessionId }) => sessionId))
      await Promise.all(
        documents
          .filter((document) => (heads.get(document.sessionId) ?? 0) > document.appliedSeq)
          .map((document) => this.#catchUp(document)),
      )
    } catch (error) {
      this.#options.log.warn('document.sweep_failed', { error: errorMessage(error) })
    }
  }

  /**
   * The load hook's change, stored before the document is handed to anyone. A hook or a store that
   * fails is logged and the document is served as it is: refusing to load it would lock everyone out.
   */
  async #afterLoad(document: SessionDocument): Promise<void> {
    const { afterLoad, log } = this.#options
    if (!afterLoad) return
    try {
      const change = afterLoad(document.sessionId, document.doc)
      if (change) await document.serverWrite(change)
    } catch (error) {
      log.error('document.after_load_failed', { sessionId: document.sessionId, error: errorKind(error) })
    }
  }

  /**
   * A document whose row could not be stored holds what the store does not: it is let go at once,
   * with no compaction (its snapshot would make the unstored part durable behind its writers' backs),
   * and the next connection loads it afresh.
   */
  #drop(document: SessionDocument): void {
    const { sessionId } = document
    if (this.#documents.get(sessionId) !== document) return
    this.#cancelEviction(sessionId)
    this.#documents.delete(sessionId)
    this.#fanout.leave(sessionId)
    document.destroy()
    this.#options.log.warn('document.dropped_after_store_failure', { sessionId })
  }

  #scheduleEvictionIfIdle(document: SessionDocument): void {
    if (this.#closed || document.connections.size > 0) return
    const { sessionId } = document
    this.#cancelEviction(sessionId)
    const timer = setTimeout(() => {
      this.#evictionTimers.delete(sessionId)
      if (document.connections.size === 0) void this.#evict(sessionId)
    }, this.#options.evictAfterMs)
    this.#evictionTimers.set(sessionId, timer)
  }

  #cancelEviction(sessionId: string): void {
    const timer = this.#evictionTimers.get(sessionId)
    if (timer === undefined) return
    clearTimeout(timer)
    this.#evictionTimers.delete(sessionId)
  }

  #evict(sessionId: string): Promise<void> {
    const document = this.#documents.get(sessionId)
    if (!document || this.#evicting.has(sessionId)) return this.#evicting.get(sessionId) ?? Promise.resolve()
    const { persistence, log } = this.#options
    const eviction = (async () => {
      try {
        // Updates still queued for this document are applied when stored; wait so the snapshot has them
        // (and the stamps still owed, written now).
        document.flushStamps()
        await persistence.drain()
        await document.compactor.compact()
      } catch (error) {
        log.error('document.evict_failed', { sessionId, error: errorMessage(error) })
      } finally {
        for (const connection of document.connections) connection.close(1001, 'The session was closed.')
        document.destroy()
        this.#documents.delete(sessionId)
        this.#fanout.leave(sessionId)
        this.#evicting.delete(sessionId)
        log.info('document.evicted', { sessionId })
      }
    })()
    this.#evicting.set(sessionId, eviction)
    return eviction
  }
}

/** Whose connections a match names. */
function connectionMatcher(match: SocketMatch): (connection: Connection) => boolean {
  if ('personIds' in match) {
    const ids = new Set(match.personIds)
    return ({ identity }) => identity.kind === 'person' && ids.has(identity.personId)
  }
  return ({ identity }) => identity.kind === 'person' && identity.loginId === match.loginId
}
