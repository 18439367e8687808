// The huddle part of `pnpm bench` (issue 5): three people whose device clocks are minutes apart, each
// behind a jittery network, watch one huddle countdown on the production server; how far apart are the
// times their screens show? Three sessions run side by side, one per way of reading the clock (the
// board's filtered offset, one sample, none), so the references see the same network and the same huddle.
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { AgendaPhase } from '@session-board/board'
import { startServer } from '../servers.ts'
import type { RunningServer } from '../servers.ts'
import { setUpSecureSessions } from '../setup.ts'
import { summarize } from '../stats.ts'
import type { LatencySummary } from '../stats.ts'
import { analyze } from './analysis.ts'
import type { EstimatorFigures } from './analysis.ts'
import { ESTIMATORS } from './huddleClient.ts'
import type { FromHuddleClient, HuddleAction, HuddleClientReport, ToHuddleClient } from './huddleClient.ts'
import { startJitterProxy } from './jitterProxy.ts'
import type { JitterProxy } from './jitterProxy.ts'

const clientEntry = fileURLToPath(new URL('./huddleClient.ts', import.meta.url))
export const PEOPLE = ['therapist', 'partner A', 'partner B'] as const

export interface HuddleOptions {
  /** Running time of the huddle without its pause: two phases of a quarter each, extended by a half. */
  seconds: number
  jitterMs: number
  /** Each person's device clock minus true time. */
  skewsMs: number[]
}

export const defaultSkewsMs = [-180_000 + 137, 41, 420_000 + 263]
const pauseForMs = 5_000
const sampleEveryMs = 100

export interface HuddleResult {
  options: HuddleOptions
  error: string | null
  /** The therapist's actions, ms after the start. */
  actions: { kind: HuddleAction['kind']; atMs: number }[]
  figures: EstimatorFigures[]
  /** Round trips of GET /api/time through the proxies, and the proxies' mean delay per chunk. */
  rttMs: LatencySummary
  proxyMeanDelayMs: number[]
  /** How late the clients' 100 ms timers fired (the display is computed for the instant itself). */
  timerLateMs: LatencySummary
  estimatesPerClient: number[]
  disconnects: number
  refused: number
  refusalSample: string | null
  ms: number
  serverExit: string | null
  serverLogTail: string
}

/** A child's messages in order; waits end early if the child exits. */
function inboxOf(child: ChildProcess) {
  const queue: FromHuddleClient[] = []
  let wake: () => void = () => undefined
  let exited = false
  child.on('message', (message: FromHuddleClient) => {
    queue.push(message)
    wake()
  })
  child.on('exit', () => {
    exited = true
    wake()
  })
  return async (expected: FromHuddleClient['type'], timeoutMs: number): Promise<FromHuddleClient> => {
    const deadline = performance.now() + timeoutMs
    for (;;) {
      const message = queue.shift()
      if (message?.type === 'failed') throw new Error(message.message)
      if (message?.type === expected) return message
      if (message) throw new Error(`a huddle client sent '${message.type}', not '${expected}'`)
      if (exited) throw new Error('a huddle client exited early')
      if (performance.now() > deadline) throw new Error(`no '${expected}' within ${timeoutMs} ms`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250)
        wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
  }
}

const sleepUntil = (at: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())))

export async function runHuddleBench(
  options: HuddleOptions,
  log: (line: string) => void,
): Promise<HuddleResult> {
  const started = performance.now()
  const result: HuddleResult = {
    options,
    error: null,
    actions: [],
    figures: [],
    rttMs: summarize([]),
    proxyMeanDelayMs: [],
    timerLateMs: summarize([]),
    estimatesPerClient: [],
    disconnects: 0,
    refused: 0,
    refusalSample: null,
    ms: 0,
    serverExit: null,
    serverLogTail: '',
  }
  let server: RunningServer | null = null
  const proxies: JitterProxy[] = []
  const children: ChildProcess[] = []
  try {
    server = await startServer('ours-secure')
    const { plan } = await setUpSecureSessions(server.httpBase as string, ESTIMATORS.length, log)
    const upstreamPort = Number(new URL(server.httpBase as string).port)
    for (const [role] of PEOPLE.entries())
      proxies.push(await startJitterProxy(upstreamPort, { jitterMs: options.jitterMs, seed: role + 1 }))

    const inboxes = PEOPLE.map((_, role) => {
      const child = fork(clientEntry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
      children.push(child)
      const proxy = `127.0.0.1:${(proxies[role] as JitterProxy).port}`
      child.send({
        type: 'start',
        options: {
          role,
          skewMs: options.skewsMs[role] ?? 0,
          wsBase: `ws://${proxy}/sync`,
          timeUrl: `http://${proxy}/api/time`,
          sessions: ESTIMATORS.map((_, s) => ({
            room: plan.sessionIds[s] as string,
            token: plan.tokens?.[s]?.[role] as string,
          })),
          sampleEveryMs,
          timeoutMs: 30_000,
        },
      } satisfies ToHuddleClient)
      return inboxOf(child)
    })
    const ready = await Promise.all(inboxes.map((next) => next('ready', 60_000)))
    const offsets = ready.map((message) => (message.type === 'ready' ? message.offsets : []))
    log(
      `  clients ready; clock error after the first burst (filtered, one sample, none): ` +
        offsets.map((o, role) => `${PEOPLE[role]} ${o.map((ms) => Math.round(ms)).join(', ')} ms`).join('; '),
    )

    const therapist = children[0] as ChildProcess
    const nextFromTherapist = inboxes[0] as (typeof inboxes)[0]
    const act = async (action: HuddleAction): Promise<number> => {
      therapist.send({ type: 'act', action } satisfies ToHuddleClient)
      const acted = await nextFromTherapist('acted', 10_000)
      return acted.type === 'acted' ? acted.at : Number.NaN
    }
    const phaseMinutes = options.seconds / 4 / 60
    const agenda: AgendaPhase[] = ['First', 'Second'].map((title, i) => ({
      id: `bench-phase-${i}`,
      kind: 'custom',
      title,
      minutes: phaseMinutes,
      advance: 'auto',
    }))
    await act({ kind: 'agenda', agenda })
    await sleepUntil(Date.now() + 1_000)
    const t0 = await act({ kind: 'start' })
    result.actions.push({ kind: 'start', atMs: 0 })
    const script: [number, HuddleAction][] = [
      [options.seconds / 12, { kind: 'pause' }],
      [options.seconds / 12 + pauseForMs / 1000, { kind: 'resume' }],
      [options.seconds / 6 + pauseForMs / 1000, { kind: 'extend', ms: (options.seconds / 2) * 1000 }],
    ]
    log(`  huddle running: ${options.seconds} s plus a ${pauseForMs / 1000} s pause`)
    for (const [second, action] of script) {
      await sleepUntil(t0 + second * 1000)
      result.actions.push({ kind: action.kind, atMs: (await act(action)) - t0 })
    }
    await sleepUntil(t0 + options.seconds * 1000 + pauseForMs + 2_000)

    const reports: HuddleClientReport[] = []
    for (const [role, child] of children.entries()) {
      child.send({ type: 'stop' } satisfies ToHuddleClient)
      const message = await (inboxes[role] as (typeof inboxes)[0])('report', 30_000)
      if (message.type === 'report') reports.push(message.report)
    }
    result.figures = analyze(reports, t0)
    result.rttMs = summarize(reports.flatMap((report) => report.rtts))
    result.timerLateMs = summarize(reports.flatMap((report) => report.lateMs))
    result.estimatesPerClient = reports.map((report) => report.estimates.length)
    result.disconnects = reports.reduce((sum, report) => sum + report.disconnects, 0)
    result.refused = reports.reduce((sum, report) => sum + report.refused, 0)
    result.refusalSample = reports.map((report) => report.refusalSample).find((s) => s !== null) ?? null
    if (result.refused > 0)
      result.error = `the server refused ${result.refused} times (${result.refusalSample})`
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error)
  } finally {
    result.proxyMeanDelayMs = proxies.map((proxy) => proxy.stats().meanDelayMs)
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
    await Promise.all(proxies.map((proxy) => proxy.close()))
    if (server) {
      result.serverExit = server.exitInfo()
      result.serverLogTail = server.logTail()
      await server.stop()
      server.cleanUp()
    }
  }
  result.ms = performance.now() - started
  return result
}
