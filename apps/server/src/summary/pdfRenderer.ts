import { Worker } from 'node:worker_threads'
import { errorKind } from '../log.ts'
import type { SessionSummary } from './sessionSummary.ts'

/** Why an export produced no PDF, as a stable code for the answer, the log and the audit trail. */
export type SummaryFailure = 'summary_timeout' | 'summary_failed'

export class SummaryRenderError extends Error {
  readonly code: SummaryFailure
  /** What went wrong in the worker, without what it said (see errorKind); null for a timeout. */
  readonly kind: string | null

  constructor(code: SummaryFailure, kind: string | null = null) {
    super(
      code === 'summary_timeout' ? 'The summary took too long to render.' : 'The summary failed to render.',
    )
    this.code = code
    this.kind = kind
  }
}

type Job = {
  summary: SessionSummary
  resolve: (pdf: Uint8Array<ArrayBuffer>) => void
  reject: (error: SummaryRenderError) => void
  timer: NodeJS.Timeout
  worker: Worker | null
  settled: boolean
}

const workerUrl = new URL('./pdfWorker.ts', import.meta.url)

// A runaway summary stops at this much memory instead of growing without bound.
const resourceLimits = { maxOldGenerationSizeMb: 256 }

/**
 * Renders session summaries as PDF off the event loop, so a long render never delays anyone's sync.
 *
 * Each export runs in a fresh worker thread (about a tenth of a second to start, which an export can
 * afford) that is terminated when its time is up: nothing is left half-done in a reused thread.
 * One export runs at a time per server: rendering is CPU-bound, and on the two-core machines a clinic
 * runs this on, a second one would compete with the sync loop for the remaining core. Others wait their
 * turn; the time limit counts from the request, so no one waits longer than it for an answer.
 */
export class PdfRenderer {
  readonly #timeoutMs: number
  readonly #waiting: Job[] = []
  #running: Job | null = null

  constructor(options: { timeoutMs: number }) {
    this.#timeoutMs = options.timeoutMs
  }

  /** The summary as PDF; rejects with a SummaryRenderError (timeout or failure). */
  render(summary: SessionSummary): Promise<Uint8Array<ArrayBuffer>> {
    return new Promise((resolve, reject) => {
      const job: Job = {
        summary,
        resolve,
        reject,
        worker: null,
        settled: false,
        timer: setTimeout(
          () => this.#settle(job, new SummaryRenderError('summary_timeout')),
          this.#timeoutMs,
        ),
      }
      this.#waiting.push(job)
      this.#next()
    })
  }

  #next(): void {
    if (this.#running) return
    const job = this.#waiting.shift()
    if (!job) return
    this.#running = job
    let worker: Worker
    try {
      worker = new Worker(workerUrl, { workerData: job.summary, resourceLimits })
    } catch (error) {
      this.#settle(job, new SummaryRenderError('summary_failed', errorKind(error)))
      return
    }
    job.worker = worker
    // A render in progress never keeps a stopping server alive; its time limit ends it anyway.
    worker.unref()
    worker.once('message', (pdf: Uint8Array<ArrayBuffer>) => this.#settle(job, pdf))
    worker.once('error', (error) =>
      this.#settle(job, new SummaryRenderError('summary_failed', errorKind(error))),
    )
    worker.once('exit', (code) =>
      this.#settle(job, new SummaryRenderError('summary_failed', `exit code ${code}`)),
    )
  }

  /** Answers the job once (the first of its result, its error, its exit or its timeout) and moves on. */
  #settle(job: Job, outcome: Uint8Array<ArrayBuffer> | SummaryRenderError): void {
    if (job.settled) return
    job.settled = true
    clearTimeout(job.timer)
    if (outcome instanceof SummaryRenderError) job.reject(outcome)
    else job.resolve(outcome)
    const waiting = this.#waiting.indexOf(job)
    if (waiting >= 0) this.#waiting.splice(waiting, 1)
    if (this.#running === job) {
      this.#running = null
      // Finished workers exit by themselves; one that ran out of time is stopped here.
      if (outcome instanceof SummaryRenderError) void job.worker?.terminate()
      this.#next()
    }
  }
}
