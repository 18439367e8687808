// Canvas figure 1: how long a shape move takes to reach the other clients' tldraw stores on a 300-shape
// canvas with three live clients, per server. The server runs alone in its own process (servers.ts);
// the three clients run together in one child process (moveClients.ts).
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { cpuSeconds, hostBusySeconds, startServer } from '../servers.ts'
import type { RunningServer, ServerKind } from '../servers.ts'
import { setUpSecureSessions } from '../setup.ts'
import { summarize } from '../stats.ts'
import type { LatencySummary } from '../stats.ts'
import type { FromMoveClients, MoveOptions, MoveReport, ToMoveClients } from './moveClients.ts'

const moveClientsEntry = fileURLToPath(new URL('./moveClients.ts', import.meta.url))

export interface MoveLatencyResult {
  server: ServerKind
  error: string | null
  shapes: number
  seedMs: number
  moves: number
  /** Moves × 2 receiving clients, and how many of those the receivers' stores showed. */
  expected: number
  delivered: number
  latencyMs: LatencySummary
  /** The sender's part: move → its binding wrote the document, after tldraw's frame wait. */
  frameWaitMs: LatencySummary
  /** The rest: that write → a receiving store holds the position (network, server, receiver's binding). */
  afterWriteMs: LatencySummary
  /**
   * Cores kept busy from the first move to the last one seen by processes other than the server, the
   * clients and the orchestrator (the machine may be shared); well above 0, the tail is pessimistic.
   */
  otherCores: number
  refused: number
  refusalSample: string | null
  disconnects: number
  clientCpuShare: number
  clientLoopDelayP99Ms: number
  serverExit: string | null
  serverLogTail: string
}

export interface MoveBenchOptions {
  moves: number
  intervalMs: [number, number]
}

export async function measureMoves(
  server: ServerKind,
  options: MoveBenchOptions,
  log: (line: string) => void,
): Promise<MoveLatencyResult> {
  let running: RunningServer
  try {
    running = await startServer(server)
  } catch (error) {
    return failed(server, error instanceof Error ? error.message : String(error), null)
  }
  let child: ChildProcess | null = null
  try {
    let room = 'canvas-bench'
    let tokens: string[] | null = null
    if (server === 'ours-secure') {
      const { plan } = await setUpSecureSessions(running.httpBase as string, 1, log)
      room = plan.sessionIds[0] as string
      tokens = plan.tokens?.[0] ?? null
    }
    child = fork(moveClientsEntry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    const inbox = messagesOf(child, () => running.exitInfo())
    const moveOptions: MoveOptions = {
      wsBase: running.wsBase,
      room,
      tokens,
      moves: options.moves,
      intervalMs: options.intervalMs,
      timeoutMs: 30_000,
    }
    child.send({ type: 'start', options: moveOptions } satisfies ToMoveClients)
    const seeded = await inbox.next(60_000)
    if (seeded.type === 'failed') throw new Error(seeded.message)
    if (seeded.type !== 'seeded') throw new Error(`the move clients sent '${seeded.type}' before seeding`)
    const clientsPid = child.pid as number
    const cpuAt = (): { wall: number; host: number; ours: number } => ({
      wall: performance.now() / 1000,
      host: hostBusySeconds(),
      ours: cpuSeconds(running.pid) + cpuSeconds(clientsPid) + cpuSeconds(process.pid),
    })
    const atFirstMove = cpuAt()
    log(`  ${server}: shapes in all 3 stores after ${Math.round(seeded.ms)} ms; ${options.moves} moves`)
    const done = await inbox.next(options.moves * options.intervalMs[1] + 30_000)
    if (done.type === 'failed') throw new Error(done.message)
    if (done.type !== 'result') throw new Error(`the move clients sent '${done.type}' instead of a result`)
    const atEnd = cpuAt()
    const otherCores =
      (atEnd.host - atFirstMove.host - (atEnd.ours - atFirstMove.ours)) / (atEnd.wall - atFirstMove.wall)
    return resultOf(server, done.report, otherCores, running)
  } catch (error) {
    return failed(server, error instanceof Error ? error.message : String(error), running)
  } finally {
    if (child && child.exitCode === null) child.kill('SIGTERM')
    await running.stop()
    running.cleanUp()
  }
}

function resultOf(
  server: ServerKind,
  report: MoveReport,
  otherCores: number,
  running: RunningServer,
): MoveLatencyResult {
  const refused = report.refusedCloses + report.refusalMessages
  const expected = report.moves * 2
  return {
    server,
    error: refused > 0 ? `the server refused ${refused} times (${report.refusalSample})` : null,
    shapes: report.shapes,
    seedMs: report.seedMs,
    moves: report.moves,
    expected,
    delivered: expected - report.missed,
    latencyMs: summarize(report.latencies),
    frameWaitMs: summarize(report.frameWaits),
    afterWriteMs: summarize(report.afterWrites),
    otherCores: Math.max(0, otherCores),
    refused,
    refusalSample: report.refusalSample,
    disconnects: report.disconnects,
    clientCpuShare: report.cpuShare,
    clientLoopDelayP99Ms: report.loopDelayP99Ms,
    serverExit: running.exitInfo(),
    serverLogTail: running.logTail(),
  }
}

function failed(server: ServerKind, error: string, running: RunningServer | null): MoveLatencyResult {
  const none = summarize([])
  return {
    server,
    error,
    shapes: 0,
    seedMs: NaN,
    moves: 0,
    expected: 0,
    delivered: 0,
    latencyMs: none,
    frameWaitMs: none,
    afterWriteMs: none,
    otherCores: NaN,
    refused: 0,
    refusalSample: null,
    disconnects: 0,
    clientCpuShare: NaN,
    clientLoopDelayP99Ms: NaN,
    serverExit: running?.exitInfo() ?? null,
    serverLogTail: running?.logTail() ?? '',
  }
}

/** The child's messages in order; a wait ends early if the child or the server went away. */
function messagesOf(child: ChildProcess, serverGone: () => string | null) {
  const inbox: FromMoveClients[] = []
  let wake: () => void = () => undefined
  let exited = false
  child.on('message', (message: FromMoveClients) => {
    inbox.push(message)
    wake()
  })
  child.on('exit', () => {
    exited = true
    wake()
  })
  return {
    async next(timeoutMs: number): Promise<FromMoveClients> {
      const deadline = performance.now() + timeoutMs
      for (;;) {
        const message = inbox.shift()
        if (message) return message
        if (exited) throw new Error('the move clients exited early')
        const gone = serverGone()
        if (gone) throw new Error(`the server ${gone}`)
        if (performance.now() > deadline) throw new Error(`the move clients were silent for ${timeoutMs} ms`)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 500)
          wake = () => {
            clearTimeout(timer)
            resolve()
          }
        })
      }
    },
  }
}
