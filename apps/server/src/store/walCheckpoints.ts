import type { DatabaseSync } from 'node:sqlite'
import { Worker } from 'node:worker_threads'
import type { Logger } from '../log.ts'

/** What the worker is started with. */
export type CheckpointSettings = { file: string; everyMs: number }

/** What the worker tells its owner. */
export type CheckpointReport = { type: 'failed'; error: string }

/** How often the worker copies the log: what is left for a commit to copy is about this long of writes. */
const CHECKPOINT_EVERY_MS = 250

/**
 * The log's length, in pages of 4 KiB, at which a commit of the server's own connection finishes the
 * checkpoint itself (SQLite's default is 1,000): a backstop, and the way the log starts afresh while
 * edits keep coming, since each of the worker's passes ends behind the newest commit.
 */
const INLINE_CHECKPOINT_PAGES = 4_000
const SQLITE_DEFAULT_CHECKPOINT_PAGES = 1_000

/**
 * SQLite writes each commit to its write-ahead log, and by default the commit that takes the log past
 * 1,000 pages copies it into the database file, syncing both files to disk. `node:sqlite` runs that on
 * the event loop: every few seconds of editing, one append stalled every board for tens of
 * milliseconds, almost all of it the two syncs.
 *
 * Here a worker thread with its own connection copies and syncs the log as it grows (a PASSIVE
 * checkpoint, which never waits for the server's connection nor blocks it). A commit of the server's
 * connection still checkpoints once the log passes `INLINE_CHECKPOINT_PAGES`, but finds only the last
 * moments of writes left to copy and sync. Should the worker die, the commits do all of it again, at
 * SQLite's default length.
 */
export class WalCheckpoints {
  #worker: Worker
  #stopped: Promise<void>

  private constructor(db: DatabaseSync, file: string, log: Logger) {
    const settings: CheckpointSettings = { file, everyMs: CHECKPOINT_EVERY_MS }
    this.#worker = new Worker(new URL('./walCheckpointWorker.ts', import.meta.url), { workerData: settings })
    // A checkpointing thread alone must not keep the process alive.
    this.#worker.unref()
    this.#worker.on('message', (report: CheckpointReport) => {
      log.warn('store.checkpoint_failed', { error: report.error })
    })
    this.#worker.on('error', (error) => {
      log.warn('store.checkpoint_worker_died', { error: error.message })
      if (db.isOpen) db.exec(`PRAGMA wal_autocheckpoint = ${SQLITE_DEFAULT_CHECKPOINT_PAGES}`)
    })
    this.#stopped = new Promise((resolve) => this.#worker.once('exit', () => resolve()))
    db.exec(`PRAGMA wal_autocheckpoint = ${INLINE_CHECKPOINT_PAGES}`)
  }

  /** Starts copying the log of the file behind `db` (a connection in WAL mode) in the background. */
  static start(db: DatabaseSync, log: Logger): WalCheckpoints {
    const file = db.location()
    if (file === null) throw new Error('an in-memory database has no log to checkpoint')
    return new WalCheckpoints(db, file, log)
  }

  /** Stops the worker and closes its connection; call before closing `db`, whose close then checkpoints last. */
  async stop(): Promise<void> {
    // Held until it has gone, so a process with nothing else to do waits for it.
    this.#worker.ref()
    this.#worker.postMessage('stop')
    await this.#stopped
  }
}
