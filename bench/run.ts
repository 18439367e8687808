// `pnpm bench`: edit-to-peer latency, server CPU per edit and server memory for our sync server and the
// y-websocket reference server (with and without LevelDB persistence), at several session counts (the
// `sync` part); then one instance of our server against two on PostgreSQL + Redis, and two of Hocuspocus 4
// on the same Redis (the `instances` part, bench/instances/); then the goal canvas (the `canvas` part, bench/canvas/): shape move latency on a 300-shape
// canvas, time to an interactive canvas in Chromium and bundle sizes, against the reference server and a
// bare tldraw page; then the huddle clock (the `huddle` part, bench/huddle/): how far apart three skewed
// clients' huddle countdowns are behind a jittery network, against clients that correct less or not at all;
// then the video call (the `call` part, bench/call/): what end-to-end encryption costs a LiveKit call (join
// to first frame, frame rate, browser CPU), against the same call unencrypted; then the `fuzz` part
// (bench/fuzz/): a partner sends thousands of hostile frames to one session while others edit; then the
// `program` part (bench/program/): a couple's board after a long program against a one-session board; then
// the `firstscreen` part (bench/firstscreen/): from a partner's invitation link to an interactive board in
// Chromium, laptop and phone, against the web app at an earlier revision and a bare tldraw page; then the
// `progress` part (bench/progress/): a couple's 16 weeks of entries, the progress page and the monthly
// review against the review board.
//   node bench/run.ts [--sessions 100,500] [--seconds 30] [--servers ours,ours-secure,ref-leveldb,ref-memory]
//                     [--workers 2] [--interval 200] [--after-leave 12] [--baseline <git-rev>]
//                     [--only sync|instances|checkpoints|canvas|huddle|call|fuzz|program|firstscreen|progress]
//                     [--skip sync|instances|checkpoints|canvas|huddle|call|fuzz|program|firstscreen|progress]
//                     [--instances-sessions 50,100,200,400] [--instances-servers ours-1,ours-2,hocuspocus-2]
//                     [--checkpoints-rounds 3] [--checkpoints-appends 3000]
//                     [--canvas-servers ours,ours-secure,ref-memory] [--canvas-moves 250] [--canvas-loads 5]
//                     [--huddle-seconds 120] [--huddle-jitter 50]
//                     [--call-rounds 5] [--call-seconds 10]
//                     [--fuzz-frames 10000] [--fuzz-sessions 20] [--fuzz-seed 1]
//                     [--program-sessions 48] [--program-loads 5] [--program-syncs 20]
//                     [--firstscreen-loads 7]
//                     [--progress-runs 30] [--progress-loads 5] [--progress-sends 100]
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { canvasFailed, canvasServerKinds, runCanvasBench } from './canvas/canvasBench.ts'
import type { CanvasResult } from './canvas/canvasBench.ts'
import { canvasReport } from './canvas/report.ts'
import { callFailed, runCallBench } from './call/callBench.ts'
import type { CallResult } from './call/callBench.ts'
import { callReport } from './call/report.ts'
import { fuzzFailed, runFuzzBench } from './fuzz/fuzzBench.ts'
import type { FuzzResult } from './fuzz/fuzzBench.ts'
import { fuzzReport } from './fuzz/report.ts'
import { defaultSkewsMs, runHuddleBench } from './huddle/huddleBench.ts'
import type { HuddleResult } from './huddle/huddleBench.ts'
import { huddleReport } from './huddle/report.ts'
import {
  defaultInstancesKinds,
  instancesFailed,
  instancesKinds,
  runInstancesBench,
} from './instances/instancesBench.ts'
import type { InstancesKind, InstancesResult } from './instances/instancesBench.ts'
import { instancesReport } from './instances/report.ts'
import { programFailed, runProgramBench } from './program/programBench.ts'
import type { ProgramResult } from './program/programBench.ts'
import { programReport } from './program/report.ts'
import { firstscreenFailed, runFirstScreenBench } from './firstscreen/firstscreenBench.ts'
import type { FirstScreenResult } from './firstscreen/firstscreenBench.ts'
import { firstscreenReport } from './firstscreen/report.ts'
import { checkpointsReport, runCheckpointsBench } from './checkpoints/checkpointsBench.ts'
import type { CheckpointsResult } from './checkpoints/checkpointsBench.ts'
import { progressFailed, runProgressBench } from './progress/progressBench.ts'
import type { ProgressResult } from './progress/progressBench.ts'
import { progressReport } from './progress/report.ts'
import { prepareBaseline } from './baseline.ts'
import type { Baseline } from './baseline.ts'
import { comparisons, maxRetainedShare, refusals, table } from './report.ts'
import { runScenario } from './scenario.ts'
import type { ScenarioResult } from './scenario.ts'
import { isOurs, ourServerAvailable, serverKinds } from './servers.ts'
import type { ServerKind } from './servers.ts'

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '100,500' },
    seconds: { type: 'string', default: '30' },
    servers: { type: 'string', default: serverKinds.join(',') },
    workers: { type: 'string', default: '2' },
    interval: { type: 'string', default: '200' },
    'after-leave': { type: 'string', default: '12' },
    baseline: { type: 'string' },
    only: { type: 'string' },
    skip: { type: 'string' },
    'instances-sessions': { type: 'string', default: '50,100,200,400' },
    'instances-servers': { type: 'string', default: defaultInstancesKinds.join(',') },
    'canvas-servers': { type: 'string', default: canvasServerKinds.join(',') },
    'canvas-moves': { type: 'string', default: '250' },
    'canvas-loads': { type: 'string', default: '5' },
    'huddle-seconds': { type: 'string', default: '120' },
    'huddle-jitter': { type: 'string', default: '50' },
    'call-rounds': { type: 'string', default: '5' },
    'call-seconds': { type: 'string', default: '10' },
    'fuzz-frames': { type: 'string', default: '10000' },
    'fuzz-sessions': { type: 'string', default: '20' },
    'fuzz-seed': { type: 'string', default: '1' },
    'program-sessions': { type: 'string', default: '48' },
    'program-loads': { type: 'string', default: '5' },
    'program-syncs': { type: 'string', default: '20' },
    'firstscreen-loads': { type: 'string', default: '7' },
    'progress-runs': { type: 'string', default: '30' },
    'progress-loads': { type: 'string', default: '5' },
    'progress-sends': { type: 'string', default: '100' },
    'checkpoints-rounds': { type: 'string', default: '3' },
    'checkpoints-appends': { type: 'string', default: '3000' },
  },
})

const parts = [
  'sync',
  'instances',
  'checkpoints',
  'canvas',
  'huddle',
  'call',
  'fuzz',
  'program',
  'firstscreen',
  'progress',
] as const
const chosen = (flag: string | undefined): string[] => (flag ? flag.split(',').map((p) => p.trim()) : [])
for (const part of [...chosen(values.only), ...chosen(values.skip)])
  if (!(parts as readonly string[]).includes(part)) fail(`unknown part '${part}' (${parts.join(', ')})`)
const runs = (part: (typeof parts)[number]): boolean =>
  (!values.only || chosen(values.only).includes(part)) && !chosen(values.skip).includes(part)

const sessionCounts = values.sessions.split(',').map(Number)
const seconds = Number(values.seconds)
const workers = Number(values.workers)
const intervalMs = Number(values.interval)
const afterLeaveMs = Number(values['after-leave']) * 1_000
const servers = values.servers.split(',').map((s) => s.trim()) as ServerKind[]
const canvasServers = values['canvas-servers'].split(',').map((s) => s.trim()) as ServerKind[]
const canvasMoves = Number(values['canvas-moves'])
const canvasLoads = Number(values['canvas-loads'])
for (const s of [...servers, ...canvasServers])
  if (!serverKinds.includes(s)) fail(`unknown server '${s}' (${serverKinds.join(', ')})`)
if (sessionCounts.some((n) => !Number.isInteger(n) || n < 1)) fail('--sessions takes positive integers')
if (!(seconds > 0 && workers >= 1 && intervalMs > 0 && afterLeaveMs >= 0)) fail('bad numeric flag')
if (!(Number.isInteger(canvasMoves) && canvasMoves > 0 && Number.isInteger(canvasLoads) && canvasLoads > 0))
  fail('--canvas-moves and --canvas-loads take positive integers')
const instancesSessions = values['instances-sessions'].split(',').map(Number)
const instancesServers = values['instances-servers'].split(',').map((s) => s.trim()) as InstancesKind[]
if (instancesSessions.some((n) => !Number.isInteger(n) || n < 1))
  fail('--instances-sessions takes positive integers')
for (const s of instancesServers)
  if (!instancesKinds.includes(s)) fail(`unknown instances server '${s}' (${instancesKinds.join(', ')})`)
const huddleSeconds = Number(values['huddle-seconds'])
const huddleJitterMs = Number(values['huddle-jitter'])
if (!(huddleSeconds >= 12 && huddleJitterMs >= 0))
  fail('--huddle-seconds takes 12 or more, --huddle-jitter ≥ 0')
const callRounds = Number(values['call-rounds'])
const callSeconds = Number(values['call-seconds'])
if (!(Number.isInteger(callRounds) && callRounds > 0 && callSeconds >= 2))
  fail('--call-rounds takes a positive integer, --call-seconds 2 or more')
const callWarmUpSeconds = 3
if (values.baseline && !runs('sync'))
  fail('--baseline compares servers in the sync part, which this run skips')
const fuzzFrames = Number(values['fuzz-frames'])
const fuzzSessions = Number(values['fuzz-sessions'])
const fuzzSeed = Number(values['fuzz-seed'])
if (![fuzzFrames, fuzzSessions, fuzzSeed].every((n) => Number.isInteger(n) && n > 0))
  fail('--fuzz-frames, --fuzz-sessions and --fuzz-seed take positive integers')
const programSessions = Number(values['program-sessions'])
const programLoads = Number(values['program-loads'])
const programSyncs = Number(values['program-syncs'])
if (![programSessions, programSyncs].every((n) => Number.isInteger(n) && n > 0))
  fail('--program-sessions and --program-syncs take positive integers')
if (!(Number.isInteger(programLoads) && programLoads >= 0))
  fail('--program-loads takes 0 (no browser) or more')
const firstscreenLoads = Number(values['firstscreen-loads'])
if (!(Number.isInteger(firstscreenLoads) && firstscreenLoads > 0))
  fail('--firstscreen-loads takes a positive integer')
const progressRuns = Number(values['progress-runs'])
const progressLoads = Number(values['progress-loads'])
const progressSends = Number(values['progress-sends'])
if (![progressRuns, progressSends].every((n) => Number.isInteger(n) && n > 0))
  fail('--progress-runs and --progress-sends take positive integers')
if (!(Number.isInteger(progressLoads) && progressLoads >= 0))
  fail('--progress-loads takes 0 (no browser) or more')
const checkpointsRounds = Number(values['checkpoints-rounds'])
const checkpointsAppends = Number(values['checkpoints-appends'])
if (![checkpointsRounds, checkpointsAppends].every((n) => Number.isInteger(n) && n > 0))
  fail('--checkpoints-rounds and --checkpoints-appends take positive integers')
// The canvas page loads always run on the production server.
const serversUsed: ServerKind[] = [
  ...(runs('sync') ? servers : []),
  ...(runs('canvas') ? [...canvasServers, 'ours-secure' as const] : []),
  ...(runs('huddle') ? ['ours-secure' as const] : []),
  ...(runs('fuzz') ? ['ours-secure' as const] : []),
  ...(runs('program') ? ['ours-secure' as const] : []),
  ...(runs('firstscreen') ? ['ours-secure' as const] : []),
  ...(runs('progress') ? ['ours-secure' as const] : []),
]
if ((serversUsed.some(isOurs) || runs('instances')) && !ourServerAvailable())
  fail('apps/server/src/server.ts does not exist yet')

// Each client worker holds up to N*3/workers sockets and each server N*3: say so before failing oddly.
const openFiles = Number(execFileSync('sh', ['-c', 'ulimit -n']).toString().trim())
const needed =
  Math.max(...(runs('sync') ? sessionCounts : []), ...(runs('instances') ? instancesSessions : []), 0) * 3 +
  256
if ((runs('sync') || runs('instances')) && Number.isFinite(openFiles) && openFiles < needed) {
  fail(
    `ulimit -n is ${openFiles}; this run needs about ${needed} open files per process (raise it with 'ulimit -n')`,
  )
}

// A hard stop so a wedged server or worker cannot keep the run going forever.
const syncBudgetMs =
  sessionCounts.reduce((sum, n) => sum + (seconds * 1_000 + afterLeaveMs + 180_000 + n * 300), 0) *
    (servers.length + (values.baseline ? 1 : 0)) +
  (values.baseline ? 120_000 : 0)
// PostgreSQL and Redis, then per row: the instances' start, the connects, the window, drain, leave and stop.
const instancesBudgetMs =
  60_000 +
  instancesSessions.reduce((sum, n) => sum + seconds * 1_000 + 120_000 + n * 300, 0) * instancesServers.length
const canvasBudgetMs =
  300_000 + canvasServers.length * (canvasMoves * 100 + 120_000) + canvasLoads * 2 * 65_000
const huddleBudgetMs = 180_000 + huddleSeconds * 1_000
const callBudgetMs = 120_000 + callRounds * 2 * ((callSeconds + callWarmUpSeconds) * 1_000 + 75_000)
// Two runs, each a set-up and up to 100 ms per hostile frame (a reconnect after most of them).
const fuzzBudgetMs = 2 * (240_000 + fuzzFrames * 100 + fuzzSessions * 1_000)
// A web build, two writings of the program (up to 20 s a session), the syncs and the page loads.
const programBudgetMs =
  300_000 + programSessions * 2 * 20_000 + programSyncs * 2 * 35_000 + programLoads * 4 * 80_000
// Three builds, two servers with their set-up, and 6 loads a round (each may wait up to 60 s, and more
// for the join page's clicks).
const firstscreenBudgetMs = 300_000 + firstscreenLoads * 6 * 100_000
// A web build, the couple's entries, the runs, two pages a load (up to 60 s each) and two rounds of sends.
const progressBudgetMs =
  420_000 + progressRuns * 3 * 2_000 + progressLoads * 2 * 70_000 + progressSends * 2 * 10_200
// Two processes a round, each a few ms an append (its own budget is 300 s).
const checkpointsBudgetMs = checkpointsRounds * 2 * (30_000 + checkpointsAppends * 20)
const budgetMs =
  (runs('sync') ? syncBudgetMs : 0) +
  (runs('instances') ? instancesBudgetMs : 0) +
  (runs('checkpoints') ? checkpointsBudgetMs : 0) +
  (runs('canvas') ? canvasBudgetMs : 0) +
  (runs('huddle') ? huddleBudgetMs : 0) +
  (runs('call') ? callBudgetMs : 0) +
  (runs('fuzz') ? fuzzBudgetMs : 0) +
  (runs('program') ? programBudgetMs : 0) +
  (runs('firstscreen') ? firstscreenBudgetMs : 0) +
  (runs('progress') ? progressBudgetMs : 0)
setTimeout(() => fail(`the run exceeded its ${Math.round(budgetMs / 1000)} s budget`), budgetMs).unref()

const log = (line: string): void => console.error(line)
const results: ScenarioResult[] = []
if (runs('sync')) {
  log(
    `bench: sessions ${sessionCounts.join(',')} × 3 clients, ${seconds} s of edits every ${intervalMs} ms, servers ${servers.join(', ')}` +
      (values.baseline ? `, ours-secure@${values.baseline}` : ''),
  )
  // `--baseline <rev>`: ours-secure from a copy of that revision runs right after today's ours-secure.
  type SyncEntry = { server: ServerKind; baseline?: { root: string; label: string } }
  const order: SyncEntry[] = servers.map((server) => ({ server }))
  const baseline = values.baseline ? baselineOrFail(values.baseline) : null
  if (baseline) {
    process.once('exit', () => baseline.remove())
    const at = order.findIndex((entry) => entry.server === 'ours-secure')
    const label = `ours-secure@${baseline.rev}`
    order.splice(at < 0 ? order.length : at + 1, 0, {
      server: 'ours-secure',
      baseline: { root: baseline.root, label },
    })
  }
  for (const sessions of sessionCounts) {
    for (const entry of order) {
      log(`» ${entry.baseline?.label ?? entry.server}, ${sessions} sessions`)
      results.push(await runScenario({ ...entry, sessions, seconds, intervalMs, workers, afterLeaveMs }, log))
    }
  }
  baseline?.remove()
}

let instances: InstancesResult | null = null
if (runs('instances')) {
  log(
    `bench: instances, sessions ${instancesSessions.join(',')} × 3 clients, ${seconds} s of edits every ` +
      `${intervalMs} ms, servers ${instancesServers.join(', ')}`,
  )
  instances = await runInstancesBench(
    { kinds: instancesServers, sessions: instancesSessions, seconds, intervalMs, workers },
    log,
  )
}

let canvas: CanvasResult | null = null
if (runs('canvas')) {
  const what = `${canvasMoves} moves each, ${canvasLoads} page loads each`
  log(`bench: canvas, servers ${canvasServers.join(', ')}, ${what}`)
  canvas = await runCanvasBench(
    { servers: canvasServers, moves: canvasMoves, intervalMs: [50, 100], loads: canvasLoads },
    log,
  )
}

let checkpoints: CheckpointsResult | null = null
if (runs('checkpoints')) {
  log(
    `bench: checkpoints, ${checkpointsRounds} rounds of ${checkpointsAppends} appends, by the commits and by our worker`,
  )
  checkpoints = await runCheckpointsBench({ rounds: checkpointsRounds, appends: checkpointsAppends }, log)
}

let huddle: HuddleResult | null = null
if (runs('huddle')) {
  log(`bench: huddle clock, ${huddleSeconds} s huddle, 3 skewed clients, 0–${huddleJitterMs} ms jitter`)
  huddle = await runHuddleBench(
    { seconds: huddleSeconds, jitterMs: huddleJitterMs, skewsMs: defaultSkewsMs },
    log,
  )
}

let call: CallResult | null = null
if (runs('call')) {
  log(`bench: call, ${callRounds} rounds each with and without e2ee, ${callSeconds} s window`)
  call = await runCallBench(
    { rounds: callRounds, windowSeconds: callSeconds, warmUpSeconds: callWarmUpSeconds },
    log,
  )
}

let fuzz: FuzzResult | null = null
if (runs('fuzz')) {
  log(`bench: fuzz, ${fuzzFrames} hostile frames against 1 session, ${fuzzSessions} honest sessions`)
  fuzz = await runFuzzBench(
    { frames: fuzzFrames, sessions: fuzzSessions, seed: fuzzSeed, intervalMs, workers },
    log,
  )
}

let program: ProgramResult | null = null
if (runs('program')) {
  const loads = programLoads > 0 ? `, ${programLoads} Chromium loads each` : ', no browser'
  log(`bench: program, ${programSessions} sessions against one, ${programSyncs} syncs each${loads}`)
  program = await runProgramBench(
    { sessions: programSessions, loads: programLoads, syncs: programSyncs },
    log,
  )
}

let firstscreen: FirstScreenResult | null = null
if (runs('firstscreen')) {
  log(
    `bench: firstscreen, ${firstscreenLoads} Chromium loads each of 3 pages on a laptop and a phone viewport`,
  )
  firstscreen = await runFirstScreenBench({ loads: firstscreenLoads }, log)
}

let progress: ProgressResult | null = null
if (runs('progress')) {
  const loads = progressLoads > 0 ? `, ${progressLoads} Chromium loads each` : ', no browser'
  log(`bench: progress, ${progressRuns} runs of each page's data, ${progressSends} saves each${loads}`)
  progress = await runProgressBench({ runs: progressRuns, loads: progressLoads, sends: progressSends }, log)
}

const syncPrinted = [
  table(results),
  '',
  ...comparisons(results),
  '',
  "Latency: from the sender's map.set to a peer's observer, one clock (all 3 clients of a session share a process).",
  'CPU µs/edit: server utime+stime over the edit window ÷ edits sent; srv CPU: the same as a share of one core;',
  "to idle: server CPU from the window's start to the end of the after-leave watch ÷ edits (deferred writes too).",
  'delivered: edits a peer observed, or saw superseded by a later edit of the same client (each client',
  "overwrites one key), over edits × 2 peers; seen individually: values a peer's observer actually saw.",
  "final seq seen: (peer, other client) pairs where the peer ended on the other's last edit after the drain.",
  "stored final: sessions whose storage, read back after the server stopped, holds every client's last edit.",
  'after leave: RSS at the end of the watch; after GC: RSS once a full GC was forced through the inspector;',
  'heap: V8 heap in use after a forced GC, before the clients came and after they left (what is really held).',
  `drops: client disconnects before leaving. Memory target: ≤ ${maxRetainedShare * 100}% of the growth to peak RSS still held after GC.`,
  'refused: 44xx closes and refusal messages (type 4) from the server; must be 0 (they count in drops too).',
  'ours: the production server with no extensions (bench/our-server.ts): storage, compaction and eviction on;',
  'no door (auth) and no role write-filter. Each client sets its own key of a `bench` map.',
  'ours-secure: apps/server/src/index.ts as deployed (NODE_ENV=production): the door checks each client’s',
  'connect token, every update passes the role write rules and the server stamps updatedBy (coalesced: one',
  'row per board per second). Set-up by REST (not measured); each client sets its own SMART field of one',
  'shared goal (therapist specific, partner A measurable, partner B achievable). ours-secure ÷ ours is the',
  'cost of the door, the rules and the stamps.',
  'ref-relay: the floor (bench/relay-server.ts): passes each frame to the room’s other sockets, with no Yjs',
  'document, storage or checks; what the sockets, the clients and this machine cost before a server works.',
  'p99 by second: the p99 of the edits made in each second of the window (start-up transient or stall?).',
  'other load: CPU used during the window by processes outside this benchmark; above ~0.1 cores the row is',
  'disturbed (this machine has few cores), so compare rows only when it is near 0 for both.',
].join('\n')
const printed = [
  runs('sync') ? syncPrinted : null,
  instances ? instancesReport(instances) : null,
  checkpoints ? checkpointsReport(checkpoints) : null,
  canvas ? canvasReport(canvas) : null,
  huddle ? huddleReport(huddle) : null,
  call ? callReport(call) : null,
  fuzz ? fuzzReport(fuzz) : null,
  program ? programReport(program) : null,
  firstscreen ? firstscreenReport(firstscreen) : null,
  progress ? progressReport(progress) : null,
]
  .filter((section) => section !== null)
  .join('\n\n')
console.log(printed)

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results')
mkdirSync(resultsDir, { recursive: true })
const json = {
  at: new Date().toISOString(),
  node: process.version,
  seconds,
  intervalMs,
  workers,
  results,
  instances,
  checkpoints,
  canvas,
  huddle,
  call,
  fuzz,
  program,
  firstscreen,
  progress,
  printed,
}
writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify(json, null, 2) + '\n')
log(`wrote ${join('bench', 'results', 'latest.json')}`)
const syncPassed = results.every((r) => r.error === null && refusals(r) === 0)
const instancesPassed = instances === null || !instancesFailed(instances)
const huddlePassed = huddle === null || huddle.error === null
const callPassed = call === null || !callFailed(call)
const fuzzPassed = fuzz === null || !fuzzFailed(fuzz)
const programPassed = program === null || !programFailed(program)
const firstscreenPassed = firstscreen === null || !firstscreenFailed(firstscreen)
const progressPassed = progress === null || !progressFailed(progress)
process.exit(
  syncPassed &&
    instancesPassed &&
    !(canvas && canvasFailed(canvas)) &&
    huddlePassed &&
    callPassed &&
    fuzzPassed &&
    programPassed &&
    firstscreenPassed &&
    progressPassed
    ? 0
    : 1,
)

function baselineOrFail(rev: string): Baseline {
  try {
    return prepareBaseline(rev, log)
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error))
  }
}

function fail(message: string): never {
  console.error(`bench: ${message}`)
  process.exit(2)
}
