import * as Y from 'yjs'
import type { Logger } from '../log.ts'
import { errorMessage } from '../log.ts'
import type { DocumentStore } from '../store/types.ts'

export type CompactionPolicy = {
  /** Compact once this many updates were appended for one document since its last compaction. */
  everyUpdates: number
  /** And at least this often while the document is loaded and has new updates. */
  everyMs: number
}

/**
 * Folds a document's update log into one snapshot, so loading stays fast and the log stays short.
 * The snapshot is the in-memory document, which holds every update stored up to `lastStoredSeq`, so
 * rows up to that seq can go in the same transaction. It may also hold updates accepted and not yet
 * stored (they are applied on acceptance); those go into the snapshot early, which changes nothing
 * when their own rows land after it. If their rows fail instead, their writers are disconnected and
 * send them again, so keeping them early loses nothing and invents nothing.
 */
export class Compactor {
  #sessionId: string
  #doc: Y.Doc
  #store: DocumentStore
  #log: Logger
  #lastStoredSeq: number
  #lastCompactedSeq = 0
  #appendedSince = 0
  #threshold: number
  #running: Promise<void> | null = null
  #timer: NodeJS.Timeout

  constructor(
    sessionId: string,
    doc: Y.Doc,
    lastStoredSeq: number,
    store: DocumentStore,
    policy: CompactionPolicy,
    log: Logger,
  ) {
    this.#sessionId = sessionId
    this.#doc = doc
    this.#store = store
    this.#log = log
    this.#lastStoredSeq = lastStoredSeq
    // Sessions that started together would otherwise all reach the threshold in the same second and
    // compact at once, stalling every other session; a per-document spread of ±25% avoids that.
    const spread = 0.75 + Math.random() * 0.5
    this.#threshold = Math.max(1, Math.round(policy.everyUpdates * spread))
    this.#timer = setInterval(() => void this.compact(), Math.round(policy.everyMs * spread))
    // A compaction timer alone must not keep the process alive.
    this.#timer.unref()
  }

  /** Records that the update with this seq was stored and applied to the document. */
  noteStored(seq: number): void {
    this.#lastStoredSeq = Math.max(this.#lastStoredSeq, seq)
    this.#appendedSince++
    if (this.#appendedSince >= this.#threshold) void this.compact()
  }

  /** Compacts if anything was stored since the last compaction; waits for one already running. */
  async compact(): Promise<void> {
    if (this.#running) return this.#running
    const upToSeq = this.#lastStoredSeq
    if (upToSeq <= this.#lastCompactedSeq) return
    const included = this.#appendedSince
    const snapshot = Y.encodeStateAsUpdate(this.#doc)
    this.#running = this.#store
      .compact(this.#sessionId, snapshot, upToSeq)
      .then((result) => {
        // Another instance is compacting this document right now: ours waits for its next turn.
        if (result === 'busy') return
        // 'stale': a snapshot through a later seq is already there, which covers this one too.
        this.#lastCompactedSeq = upToSeq
        this.#appendedSince = Math.max(0, this.#appendedSince - included)
        this.#log.debug('compaction.done', {
          sessionId: this.#sessionId,
          result,
          upToSeq,
          bytes: snapshot.byteLength,
        })
      })
      .catch((error: unknown) => {
        // Nothing is lost: the log rows stay until a later compaction succeeds.
        this.#log.error('compaction.failed', {
          sessionId: this.#sessionId,
          upToSeq,
          error: errorMessage(error),
        })
      })
      .finally(() => {
        this.#running = null
      })
    return this.#running
  }

  stop(): void {
    clearInterval(this.#timer)
  }
}
