// N sessions of 3 clients spread over client worker processes (clients.ts), and the steps every run of
// the edit workload takes with them: connect, edit for a window, stop, drain, report, leave. Used by the
// sync part (scenario.ts) and the instances part (instances/instancesBench.ts).
import type { EditMode } from './edits.ts'
import type { SyncProtocol } from './links.ts'
import type { WorkerReport } from './messages.ts'
import { cpuSeconds } from './servers.ts'
import { summarize } from './stats.ts'
import type { LatencySummary } from './stats.ts'
import { ClientWorker } from './worker.ts'

export interface FleetOptions {
  sessionIds: string[]
  /** Per session, the connect token of each of its 3 clients; null without a door. */
  tokens: string[][] | null
  workers: number
  protocol: SyncProtocol
  wsBases: string[]
  /** Per session (in `sessionIds`' order), per client: the index in `wsBases` it connects to; null: the first. */
  placement: number[][] | null
  mode: EditMode
  /** Tells why a server stopped, so a wait ends early instead of running into its timeout. */
  serverGone: () => string | null
}

export class ClientFleet {
  readonly workers: ClientWorker[] = []
  readonly sessions: number
  /** Sessions held by each worker, in order: all 3 clients of a session stay in one worker. */
  readonly #shares: number[] = []

  constructor(options: FleetOptions) {
    const ids = options.sessionIds
    this.sessions = ids.length
    const share = Math.ceil(ids.length / options.workers)
    for (let from = 0; from < ids.length; from += share) {
      const to = Math.min(ids.length, from + share)
      const worker = new ClientWorker(options.serverGone)
      this.workers.push(worker)
      this.#shares.push(to - from)
      worker.tell({
        type: 'connect',
        protocol: options.protocol,
        wsBases: options.wsBases,
        placement: options.placement?.slice(from, to) ?? null,
        sessionIds: ids.slice(from, to),
        tokens: options.tokens?.slice(from, to) ?? null,
        mode: options.mode,
        concurrency: 20,
        timeoutMs: 30_000,
      })
    }
  }

  /** Waits until every client synced (and, in goal mode, its session's goal is there). */
  async connected(timeoutMs: number): Promise<{ synced: number; prepared: number; ms: number }> {
    const replies = await Promise.all(this.workers.map((w) => w.reply('connected', timeoutMs)))
    return {
      synced: replies.reduce((sum, c) => sum + c.synced, 0),
      prepared: replies.reduce((sum, c) => sum + c.prepared, 0),
      ms: Math.round(Math.max(...replies.map((c) => c.ms))),
    }
  }

  /** Every client starts setting its own key every `intervalMs`, first edits spread evenly over one interval. */
  startEditing(intervalMs: number): void {
    const totalSlots = this.sessions * 3
    let firstSlot = 0
    for (const [w, worker] of this.workers.entries()) {
      worker.tell({ type: 'edit', intervalMs, firstSlot, totalSlots })
      firstSlot += (this.#shares[w] ?? 0) * 3
    }
  }

  /** Stops editing; the number of edits sent. */
  async stopEditing(): Promise<number> {
    for (const worker of this.workers) worker.tell({ type: 'stop' })
    const stopped = await Promise.all(this.workers.map((w) => w.reply('stopped', 30_000)))
    return stopped.reduce((sum, s) => sum + s.sent, 0)
  }

  /** Waits (≤ timeoutMs) until every peer has seen every other client's last edit. */
  async drain(timeoutMs: number): Promise<{ complete: boolean; ms: number }> {
    for (const worker of this.workers) worker.tell({ type: 'drain', timeoutMs })
    const drained = await Promise.all(this.workers.map((w) => w.reply('drained', timeoutMs + 15_000)))
    return {
      complete: drained.every((d) => d.complete),
      ms: Math.round(Math.max(...drained.map((d) => d.ms))),
    }
  }

  async reports(): Promise<WorkerReport[]> {
    for (const worker of this.workers) worker.tell({ type: 'report' })
    return (await Promise.all(this.workers.map((w) => w.reply('report', 60_000)))).map((r) => r.report)
  }

  /** Every client disconnects; the number of sockets still open after `timeoutMs`. */
  async leave(timeoutMs: number): Promise<number> {
    for (const worker of this.workers) worker.tell({ type: 'leave', timeoutMs })
    const left = await Promise.all(this.workers.map((w) => w.reply('left', timeoutMs + 10_000)))
    return left.reduce((sum, l) => sum + l.stillOpen, 0)
  }

  /** CPU seconds of this process and the client workers: the benchmark's own load, not the servers'. */
  cpuSeconds(): number {
    const self = process.cpuUsage()
    return (self.user + self.system) / 1e6 + this.workers.reduce((sum, w) => sum + cpuSeconds(w.pid), 0)
  }

  close(): void {
    for (const worker of this.workers) worker.close()
  }
}

/** The workers' reports summed: what every edit-workload row prints. */
export interface MergedReport {
  expected: number
  covered: number
  observed: number
  pairs: number
  peersCaughtUp: number
  /** Sessions whose 3 clients ended with the same document, holding every client's final edit. */
  converged: number
  disconnects: number
  /** Closes with 44xx and refusal messages (type 4) the clients got: the door or the rules said no. */
  refusedCloses: number
  refusalMessages: number
  refusalSample: string | null
  workerCpuShareMax: number
  workerLoopDelayP99Ms: number
  latencyMs: LatencySummary
  crossLatencyMs: LatencySummary
  /** Worst latency of the edits made in each second of the window. */
  worstLatencyBySecondMs: number[]
  /** p99 latency of the edits made in each second of the window: tells a start-up transient from a steady tail. */
  p99BySecondMs: number[]
  /** Each client's last seq, by session id. */
  finalSeqs: Record<string, number[]>
}

export function mergeReports(reports: WorkerReport[]): MergedReport {
  const sum = (pick: (r: WorkerReport) => number): number => reports.reduce((total, r) => total + pick(r), 0)
  const seconds = Math.max(...reports.map((r) => r.worstBySecond.length))
  return {
    expected: sum((r) => r.expected),
    covered: sum((r) => r.covered),
    observed: sum((r) => r.observed),
    pairs: sum((r) => r.pairs),
    peersCaughtUp: sum((r) => r.peersCaughtUp),
    converged: sum((r) => r.converged),
    disconnects: sum((r) => r.disconnects),
    refusedCloses: sum((r) => r.refusedCloses),
    refusalMessages: sum((r) => r.refusalMessages),
    refusalSample: reports.find((r) => r.refusalSample)?.refusalSample ?? null,
    workerCpuShareMax: Math.max(...reports.map((r) => r.cpuShare)),
    workerLoopDelayP99Ms: Math.max(...reports.map((r) => r.loopDelayP99Ms)),
    latencyMs: summarize(reports.flatMap((r) => r.latencies)),
    crossLatencyMs: summarize(reports.flatMap((r) => r.crossLatencies)),
    worstLatencyBySecondMs: Array.from({ length: seconds }, (_, i) =>
      Math.max(...reports.map((r) => r.worstBySecond[i] ?? 0)),
    ),
    p99BySecondMs: p99BySecond(reports, seconds),
    finalSeqs: Object.assign({}, ...reports.map((r) => r.finalSeqs)) as Record<string, number[]>,
  }
}

function p99BySecond(reports: WorkerReport[], seconds: number): number[] {
  const bySecond = Array.from({ length: seconds }, (): number[] => [])
  for (const r of reports) {
    r.latencies.forEach((latency, i) => bySecond[r.latencySeconds[i] as number]?.push(latency))
  }
  return bySecond.map((samples) => summarize(samples).p99)
}
