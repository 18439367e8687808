// The benchmark's `fuzz` part: a partner with a modified client sends hostile frames (hostileFrames.ts,
// attack.ts) to one session of the production server while honest sessions edit as in the sync part.
// Two runs back to back, each on a fresh `ours-secure` in its own process: under attack first, then
// quiet for as long as the attack took. Reported: whether the server exited, the honest sessions'
// edit latency in both runs, and the server's RSS and heap before, at peak (every 100 ms) and after.
import { collectGarbage } from '../gcprobe.ts'
import type { WorkerReport } from '../messages.ts'
import { cpuSeconds, hostBusySeconds, startServer } from '../servers.ts'
import { mintConnectToken, setUpSecureSessions, waitUntilIdle } from '../setup.ts'
import { summarize } from '../stats.ts'
import type { LatencySummary } from '../stats.ts'
import { ClientWorker } from '../worker.ts'
import { attack } from './attack.ts'
import type { AttackReport } from './attack.ts'
import { MemorySampler } from './memorySampler.ts'
import { seatTherapist } from './target.ts'
import type { TargetTherapist } from './target.ts'

export interface FuzzOptions {
  frames: number
  /** Honest sessions (3 clients each) editing meanwhile. */
  sessions: number
  seed: number
  intervalMs: number
  workers: number
}

export interface Memory {
  rss: number
  heapUsed: number
}

export interface FuzzRun {
  mode: 'attack' | 'quiet'
  error: string | null
  /** How the server process ended during the run, if it did: a crash. */
  serverExit: string | null
  healthAfter: boolean
  windowMs: number
  sent: number
  expected: number
  covered: number
  pairs: number
  peersCaughtUp: number
  disconnects: number
  /** 44xx closes and refusal messages the honest clients got, the attacked session's therapist included. */
  honestRefusals: number
  latencyMs: LatencySummary
  serverCpuShare: number
  /** The orchestrator's CPU in the window as a share of one core: the attacker's work, mostly. */
  orchestratorCpuShare: number
  otherCores: number
  /**
   * After a forced GC with every client connected, before the window and after it (the attack's
   * leftovers: the attacked board as it grew, anything not let go), and the highest sampled during it.
   */
  memory: { before: Memory; peak: Memory; after: Memory }
  attack: AttackReport | null
  serverLogTail: string
}

export interface FuzzResult {
  options: FuzzOptions
  runs: FuzzRun[]
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const none: Memory = { rss: NaN, heapUsed: NaN }

export async function runFuzzBench(options: FuzzOptions, log: (line: string) => void): Promise<FuzzResult> {
  const attacked = await runOnce('attack', null, options, log)
  const quiet = await runOnce('quiet', attacked.windowMs > 0 ? attacked.windowMs : 10_000, options, log)
  return { options, runs: [attacked, quiet] }
}

/** Failed: an error, a server that exited, an honest client refused or an honest edit not delivered. */
export const fuzzFailed = (result: FuzzResult): boolean =>
  result.runs.some(
    (r) =>
      r.error !== null ||
      r.serverExit !== null ||
      !r.healthAfter ||
      r.honestRefusals > 0 ||
      r.covered !== r.expected ||
      r.peersCaughtUp !== r.pairs,
  )

async function runOnce(
  mode: FuzzRun['mode'],
  quietMs: number | null,
  options: FuzzOptions,
  log: (line: string) => void,
): Promise<FuzzRun> {
  log(
    `» fuzz: ${mode === 'attack' ? `${options.frames} hostile frames` : 'no attack'}, ${options.sessions} honest sessions`,
  )
  const run: FuzzRun = {
    mode,
    error: null,
    serverExit: null,
    healthAfter: false,
    windowMs: 0,
    sent: 0,
    expected: 0,
    covered: 0,
    pairs: 0,
    peersCaughtUp: 0,
    disconnects: 0,
    honestRefusals: 0,
    latencyMs: summarize([]),
    serverCpuShare: NaN,
    orchestratorCpuShare: NaN,
    otherCores: NaN,
    memory: { before: none, peak: none, after: none },
    attack: null,
    serverLogTail: '',
  }
  const server = await startServer('ours-secure')
  const base = server.httpBase as string
  const workers: ClientWorker[] = []
  let therapist: TargetTherapist | null = null
  let sampler: MemorySampler | null = null
  try {
    await sleep(1_000)
    // The last session is the attacked one; the others are honest.
    const { plan, people } = await setUpSecureSessions(base, options.sessions + 1, log)
    await waitUntilIdle(server.healthUrl as string, 20_000)
    const target = options.sessions
    const targetId = plan.sessionIds[target] as string
    const share = Math.ceil(options.sessions / options.workers)
    for (let w = 0; w * share < options.sessions; w++) {
      const worker = new ClientWorker(server.exitInfo)
      workers.push(worker)
      const range = [w * share, Math.min(options.sessions, (w + 1) * share)] as const
      worker.tell({
        type: 'connect',
        protocol: 'y-websocket',
        wsBases: [server.wsBase],
        placement: null,
        sessionIds: plan.sessionIds.slice(...range),
        tokens: plan.tokens?.slice(...range) ?? null,
        mode: 'goal',
        concurrency: 20,
        timeoutMs: 30_000,
      })
    }
    const connected = await Promise.all(workers.map((w) => w.reply('connected', 120_000)))
    const prepared = connected.reduce((sum, c) => sum + c.prepared, 0)
    if (prepared < options.sessions)
      throw new Error(`only ${prepared} of ${options.sessions} sessions got ready`)
    therapist = await seatTherapist(server.wsBase, targetId, plan.tokens?.[target]?.[0] as string)
    await sleep(1_000)

    const gc = async (): Promise<Memory> => {
      const read = await collectGarbage(server.inspectorUrl() as string).catch(() => null)
      return read ? { rss: read.rss, heapUsed: read.heapUsed } : none
    }
    run.memory.before = await gc()
    sampler = await MemorySampler.start(server.pid, server.inspectorUrl() as string)
    const ownBefore = process.cpuUsage()
    const workersBefore = workers.reduce((sum, w) => sum + cpuSeconds(w.pid), 0)
    const hostBefore = hostBusySeconds()
    const cpuBefore = cpuSeconds(server.pid)
    const started = performance.now()
    const totalSlots = options.sessions * 3
    for (const [w, worker] of workers.entries())
      worker.tell({ type: 'edit', intervalMs: options.intervalMs, firstSlot: w * share * 3, totalSlots })
    if (mode === 'attack') {
      const partnerA = people[target]?.[1]
      if (!partnerA) throw new Error('the attacked session has no partner A')
      run.attack = await attack({
        wsBase: server.wsBase,
        sessionId: targetId,
        token: () => mintConnectToken(base, partnerA, targetId),
        role: 'partnerA',
        seed: options.seed,
        frames: options.frames,
      })
    } else await sleep(quietMs ?? 0)
    for (const worker of workers) worker.tell({ type: 'stop' })
    await Promise.all(workers.map((w) => w.reply('stopped', 30_000)))
    const wall = (performance.now() - started) / 1_000
    run.windowMs = Math.round(wall * 1_000)
    const serverCpu = cpuSeconds(server.pid) - cpuBefore
    const own = process.cpuUsage(ownBefore)
    const orchestratorCpu = (own.user + own.system) / 1e6
    const workersCpu = workers.reduce((sum, w) => sum + cpuSeconds(w.pid), 0) - workersBefore
    run.serverCpuShare = serverCpu / wall
    run.orchestratorCpuShare = orchestratorCpu / wall
    run.otherCores = Math.max(
      0,
      (hostBusySeconds() - hostBefore - serverCpu - orchestratorCpu - workersCpu) / wall,
    )
    await sampler.stop()
    run.memory.peak = sampler.peak

    for (const worker of workers) worker.tell({ type: 'drain', timeoutMs: 15_000 })
    await Promise.all(workers.map((w) => w.reply('drained', 30_000)))
    for (const worker of workers) worker.tell({ type: 'report' })
    const reports = (await Promise.all(workers.map((w) => w.reply('report', 60_000)))).map((r) => r.report)
    merge(run, reports, therapist)
    const health = await fetch(server.healthUrl as string, { signal: AbortSignal.timeout(5_000) }).catch(
      () => null,
    )
    run.healthAfter = health?.ok ?? false
    run.memory.after = await gc()
    for (const worker of workers) worker.tell({ type: 'leave', timeoutMs: 10_000 })
    await Promise.all(workers.map((w) => w.reply('left', 20_000)))
  } catch (error) {
    run.error = error instanceof Error ? error.message : String(error)
    log(`  error: ${run.error}`)
  } finally {
    await sampler?.stop()
    therapist?.leave()
    for (const worker of workers) worker.close()
    run.serverExit = server.exitInfo()
    run.serverLogTail = server.logTail()
    await server.stop()
    server.cleanUp()
  }
  log(
    `  ${mode}: ${run.sent} honest edits in ${(run.windowMs / 1000).toFixed(1)} s, p99 ${run.latencyMs.p99.toFixed(1)} ms`,
  )
  return run
}

function merge(run: FuzzRun, reports: WorkerReport[], therapist: TargetTherapist): void {
  const sum = (pick: (r: WorkerReport) => number): number => reports.reduce((total, r) => total + pick(r), 0)
  run.sent = sum((r) => r.sent)
  run.expected = sum((r) => r.expected)
  run.covered = sum((r) => r.covered)
  run.pairs = sum((r) => r.pairs)
  run.peersCaughtUp = sum((r) => r.peersCaughtUp)
  run.disconnects = sum((r) => r.disconnects) + therapist.disconnects()
  run.honestRefusals = sum((r) => r.refusedCloses + r.refusalMessages) + therapist.refusals()
  run.latencyMs = summarize(reports.flatMap((r) => r.latencies))
}
