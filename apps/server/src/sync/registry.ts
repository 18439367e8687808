import type * as Y from 'yjs'
import type { Logger } from '../log.ts'
import { errorKind, errorMessage } from '../log.ts'
import type { DocumentStore } from '../store/types.ts'
import { updatesInOrder } from '../store/types.ts'
import type { CompactionPolicy } from './compaction.ts'
import type { Connection } from './connection.ts'
import type { Identity, ServerWrite } from './extension.ts'
import { SessionDocument } from './document.ts'
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
}

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

  constructor(options: RegistryOptions) {
    this.#options = options
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
    const stored = await store.load(sessionId)
    const document = new SessionDocument(sessionId, stored, {
      store,
      persistence,
      compaction,
      log,
      onBroken: (broken) => this.#drop(broken),
    })
    const updates = updatesInOrder(stored)
    const bytes = updates.reduce((sum, update) => sum + update.byteLength, 0)
    log.info('document.loaded', { sessionId, updates: updates.length, bytes, headSeq: stored.headSeq })
    await this.#afterLoad(document)
    this.#documents.set(sessionId, document)
    return document
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
        // Updates still queued for this document are applied when stored; wait so the snapshot has them.
        await persistence.drain()
        await document.compactor.compact()
      } catch (error) {
        log.error('document.evict_failed', { sessionId, error: errorMessage(error) })
      } finally {
        for (const connection of document.connections) connection.close(1001, 'The session was closed.')
        document.destroy()
        this.#documents.delete(sessionId)
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
