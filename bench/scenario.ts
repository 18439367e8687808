// One measured run: one server kind, N sessions of 3 clients, a fixed edit window, then leave.
import { checkStored } from './durability.ts'
import type { DurabilityCheck } from './durability.ts'
import { editsFor } from './edits.ts'
import { ClientFleet, mergeReports } from './fleet.ts'
import type { MergedReport } from './fleet.ts'
import { collectGarbage } from './gcprobe.ts'
import type { AfterGc } from './gcprobe.ts'
import { cpuSeconds, dirBytes, hostBusySeconds, memory, RssSampler, startServer } from './servers.ts'
import type { ServerKind } from './servers.ts'
import { openSessions, setUpSecureSessions, waitUntilIdle } from './setup.ts'
import type { SetUpReport } from './setup.ts'

const MiB = 1024 * 1024

export interface ScenarioOptions {
  server: ServerKind
  sessions: number
  seconds: number
  intervalMs: number
  workers: number
  /** How long to watch memory after every client left; our server evicts after a 5 s grace. */
  afterLeaveMs: number
  /** `ours-secure` from another checkout (`--baseline`): its root and the row's name, `ours-secure@<rev>`. */
  baseline?: { root: string; label: string }
}

/**
 * A row of the sync part: the fleet's merged report (one server, so no cross-server latency) and what
 * was read of the server.
 */
export interface ScenarioResult extends Omit<MergedReport, 'finalSeqs' | 'crossLatencyMs'> {
  server: ServerKind
  /** The row's name: the server kind, or `ours-secure@<rev>` for a baseline checkout's server. */
  label: string
  sessions: number
  clients: number
  seconds: number
  error: string | null
  synced: number
  connectMs: number
  sent: number
  drainComplete: boolean
  drainMs: number
  /** ours-secure: the REST set-up before the baseline (not measured). */
  setUp: SetUpReport | null
  serverCpuSeconds: number
  cpuUsPerEdit: number
  /**
   * Server CPU from the window's start until the end of the after-leave watch, per edit: includes work
   * a server defers past the window (the reference's LevelDB writes lag behind) and eviction/compaction.
   */
  cpuUsPerEditToIdle: number
  /** Server CPU over the window as a share of one core. */
  serverCpuShare: number
  /**
   * Cores kept busy during the window by processes outside this run (the machine may be shared); when
   * well above 0, the run competed for CPU and its latencies are pessimistic.
   */
  otherCores: number
  rssMiB: { baseline: number; peakSampled: number; hwm: number; afterLeave: number; afterGc: number }
  /** V8 heap in use after a forced GC, before any client came and after all left. */
  heapMiB: { baseline: number; afterLeave: number }
  afterLeaveSeries: { atMs: number; rssMiB: number }[]
  /** Our server's own count at the end of the after-leave watch (its eviction grace is 5 s). */
  healthAfterLeave: { documentsLoaded: number; connections: number } | null
  dataDirBytes: { atStart: number; afterEdits: number; atEnd: number } | null
  /** What the stopped server left on disk, read back; null for the in-memory reference. */
  stored: DurabilityCheck | null
  serverExit: string | null
  serverLogTail: string
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const toMiB = (bytes: number): number => Math.round((bytes / MiB) * 10) / 10

export async function runScenario(
  options: ScenarioOptions,
  log: (line: string) => void,
): Promise<ScenarioResult> {
  const server = await startServer(options.server, { root: options.baseline?.root })
  const secure = options.server === 'ours-secure'
  // Secure: real board use the rules accept (a goal's fields); open: the `bench` map (edits.ts).
  const edits = editsFor(secure ? 'goal' : 'bench-map')
  let fleet: ClientFleet | null = null
  const result = emptyResult(options)
  let finalSeqs: Record<string, number[]> | null = null
  try {
    await sleep(1_000) // let start-up allocation settle before the baseline
    let plan = openSessions(options.sessions)
    if (secure && server.httpBase && server.healthUrl) {
      const setUp = await setUpSecureSessions(server.httpBase, options.sessions, log)
      plan = setUp.plan
      result.setUp = setUp.report
      // Creating a session writes its document; the baseline is taken once the server evicted them.
      const loaded = await waitUntilIdle(server.healthUrl, 20_000)
      if (loaded !== 0) log(`  warning: ${loaded} documents still loaded before the baseline`)
    }
    const probe = async (): Promise<AfterGc | null> => {
      const url = server.inspectorUrl()
      return url ? collectGarbage(url).catch(() => null) : null
    }
    // After a forced GC, like the after-leave reading it is compared with; start-up garbage is not baseline.
    result.heapMiB.baseline = toMiB((await probe())?.heapUsed ?? NaN)
    result.rssMiB.baseline = toMiB(memory(server.pid).rss)
    const dirSize = (): number => (server.dataDir ? dirBytes(server.dataDir) : 0)
    const atStart = dirSize()

    fleet = new ClientFleet({
      sessionIds: plan.sessionIds,
      tokens: plan.tokens,
      workers: options.workers,
      protocol: 'y-websocket',
      wsBases: [server.wsBase],
      placement: null,
      mode: secure ? 'goal' : 'bench-map',
      serverGone: server.exitInfo,
    })
    const { synced, prepared, ms } = await fleet.connected(60_000 + options.sessions * 200)
    result.synced = synced
    result.connectMs = ms
    log(`  ${result.synced}/${result.clients} clients synced in ${result.connectMs} ms`)
    if (result.synced < result.clients)
      throw new Error(`only ${result.synced} of ${result.clients} clients synced`)
    if (prepared < options.sessions)
      throw new Error(`only ${prepared} of ${options.sessions} sessions got ready (goal seen by all 3)`)
    await sleep(1_000) // settle the handshake's awareness traffic before the window opens

    const sampler = new RssSampler(server.pid)
    const ownBefore = fleet.cpuSeconds()
    const hostBefore = hostBusySeconds()
    const cpuBefore = cpuSeconds(server.pid)
    const wallBefore = performance.now()
    fleet.startEditing(options.intervalMs)
    await sleep(options.seconds * 1_000)
    result.sent = await fleet.stopEditing()
    result.serverCpuSeconds = cpuSeconds(server.pid) - cpuBefore
    const wall = (performance.now() - wallBefore) / 1_000
    const others = hostBusySeconds() - hostBefore - result.serverCpuSeconds - (fleet.cpuSeconds() - ownBefore)
    result.otherCores = Math.max(0, others / wall)
    result.cpuUsPerEdit = (result.serverCpuSeconds / result.sent) * 1e6
    result.serverCpuShare = result.serverCpuSeconds / wall
    log(`  ${result.sent} edits in ${wall.toFixed(1)} s; server CPU ${result.serverCpuSeconds.toFixed(2)} s`)

    const drained = await fleet.drain(15_000)
    result.drainComplete = drained.complete
    result.drainMs = drained.ms
    // One server: no latency is across servers.
    const { finalSeqs: seqs, crossLatencyMs: _oneServer, ...merged } = mergeReports(await fleet.reports())
    Object.assign(result, merged)
    finalSeqs = seqs
    const afterEdits = dirSize()

    const stillOpen = await fleet.leave(10_000)
    if (stillOpen > 0) log(`  warning: ${stillOpen} sockets still open after leave`)
    fleet.close()
    const leftAt = sampler.samples.length
    await sleep(options.afterLeaveMs)
    sampler.stop()
    const rss = sampler.sample()
    result.rssMiB.peakSampled = toMiB(sampler.peak)
    result.rssMiB.hwm = toMiB(memory(server.pid).hwm)
    result.rssMiB.afterLeave = toMiB(rss)
    result.cpuUsPerEditToIdle = ((cpuSeconds(server.pid) - cpuBefore) / result.sent) * 1e6
    if (server.healthUrl) {
      const response = await fetch(server.healthUrl, { signal: AbortSignal.timeout(5_000) }).catch(() => null)
      if (response?.ok)
        result.healthAfterLeave = (await response.json()) as ScenarioResult['healthAfterLeave']
    }
    const afterGc = await probe()
    result.heapMiB.afterLeave = toMiB(afterGc?.heapUsed ?? NaN)
    result.rssMiB.afterGc = toMiB(afterGc?.rss ?? NaN)
    result.afterLeaveSeries = sampler.samples
      .slice(leftAt)
      .filter((_, i) => i % 4 === 0)
      .map((s) => ({ atMs: s.atMs, rssMiB: toMiB(s.rss) }))
    if (server.dataDir) result.dataDirBytes = { atStart, afterEdits, atEnd: dirSize() }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error)
    log(`  error: ${result.error}`)
  } finally {
    fleet?.close()
    result.serverExit = server.exitInfo()
    result.serverLogTail = server.logTail()
    await server.stop()
    if (server.dataDir && finalSeqs)
      result.stored = await checkStored(options.server, server.dataDir, finalSeqs, edits)
    server.cleanUp()
  }
  return result
}

function emptyResult(options: ScenarioOptions): ScenarioResult {
  return {
    server: options.server,
    label: options.baseline?.label ?? options.server,
    sessions: options.sessions,
    clients: options.sessions * 3,
    seconds: options.seconds,
    error: null,
    synced: 0,
    connectMs: 0,
    sent: 0,
    expected: 0,
    covered: 0,
    observed: 0,
    pairs: 0,
    peersCaughtUp: 0,
    converged: 0,
    drainComplete: false,
    drainMs: 0,
    disconnects: 0,
    refusedCloses: 0,
    refusalMessages: 0,
    refusalSample: null,
    setUp: null,
    latencyMs: { count: 0, p50: NaN, p99: NaN, p999: NaN, max: NaN },
    worstLatencyBySecondMs: [],
    p99BySecondMs: [],
    serverCpuSeconds: NaN,
    cpuUsPerEdit: NaN,
    cpuUsPerEditToIdle: NaN,
    serverCpuShare: NaN,
    workerCpuShareMax: NaN,
    otherCores: NaN,
    workerLoopDelayP99Ms: NaN,
    rssMiB: { baseline: NaN, peakSampled: NaN, hwm: NaN, afterLeave: NaN, afterGc: NaN },
    heapMiB: { baseline: NaN, afterLeave: NaN },
    afterLeaveSeries: [],
    dataDirBytes: null,
    healthAfterLeave: null,
    stored: null,
    serverExit: null,
    serverLogTail: '',
  }
}
