// Child process of the huddle benchmark: one person (the therapist, partner A or partner B) on a device
// whose clock is `skewMs` off, behind their own jitter proxy. It is a member of three sessions, one per
// way of reading the clock (ESTIMATORS): the board's filtered offset, a single sample, no correction.
// Every 100 ms of true time it writes down what each session's huddle shows. The therapist's process
// also runs the huddle when told: each mutation reads boardClock, set just before to that session's
// clock, so every session's instants are written as such a client would write them.
import {
  boardClock,
  extendPhase,
  huddleAt,
  pauseHuddle,
  resumeHuddle,
  selectHuddle,
  setAgenda,
  startHuddle,
} from '@session-board/board'
import type { AgendaPhase, BoardDoc } from '@session-board/board'
import { connectClient, refusalNote, whenSynced } from '../canvas/client.ts'
import type { SyncClient } from '../canvas/client.ts'
import { startOffsetSampler } from './offsetSampler.ts'
import type { OffsetSampler } from './offsetSampler.ts'

export const ESTIMATORS = ['filtered', 'single', 'none'] as const
export type Estimator = (typeof ESTIMATORS)[number]

export type HuddleAction =
  | { kind: 'agenda'; agenda: AgendaPhase[] }
  | { kind: 'start' }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'extend'; ms: number }

export interface HuddleClientOptions {
  /** 0 therapist, 1 partner A, 2 partner B. */
  role: number
  skewMs: number
  /** Through this person's proxy. */
  wsBase: string
  timeUrl: string
  /** One session per estimator, in ESTIMATORS order: its id and this person's connect token. */
  sessions: { room: string; token: string }[]
  sampleEveryMs: number
  timeoutMs: number
}

/** What one session's huddle showed at each instant, columns by instant. */
export interface SessionTrace {
  remainingMs: number[]
  /** -1 while no phase is shown. */
  phase: number[]
  /** The clock fields held (status, anchor, extension, pause): equal across clients once an action arrived. */
  state: string[]
  /** displayNow − true time: this client's clock error. */
  clockErrorMs: number[]
}

export interface HuddleClientReport {
  role: number
  /** True instants (Date.now(), multiples of sampleEveryMs). */
  at: number[]
  /** How late the timer fired for each instant. */
  lateMs: number[]
  traces: SessionTrace[]
  rtts: number[]
  estimates: OffsetSampler['estimates']
  disconnects: number
  refused: number
  refusalSample: string | null
}

export type ToHuddleClient =
  { type: 'start'; options: HuddleClientOptions } | { type: 'act'; action: HuddleAction } | { type: 'stop' }
export type FromHuddleClient =
  | { type: 'ready'; offsets: number[] }
  | { type: 'acted'; kind: HuddleAction['kind']; at: number }
  | { type: 'report'; report: HuddleClientReport }
  | { type: 'failed'; message: string }

const send = (message: FromHuddleClient): void => void process.send?.(message)

let options: HuddleClientOptions
let clients: SyncClient[] = []
let sampler: OffsetSampler
let recording: NodeJS.Timeout | null = null
const report: Omit<HuddleClientReport, 'disconnects' | 'refused' | 'refusalSample'> = {
  role: 0,
  at: [],
  lateMs: [],
  traces: [],
  rtts: [],
  estimates: [],
}

/** Server clock minus true time as this client believes it, per estimator: skew + estimated offset. */
function clockError(estimator: Estimator): number {
  const offset =
    estimator === 'filtered' ? sampler.filteredMs() : estimator === 'single' ? sampler.singleSampleMs() : 0
  return options.skewMs + offset
}

function record(at: number): void {
  report.at.push(at)
  report.lateMs.push(Date.now() - at)
  ESTIMATORS.forEach((estimator, s) => {
    const trace = report.traces[s] as SessionTrace
    const state = selectHuddle((clients[s] as SyncClient).doc)
    // The display as of the instant itself: the timer's lateness is the bench's, not the clock's.
    const error = clockError(estimator)
    const view = huddleAt(state, at + error)
    trace.remainingMs.push(view.remainingMs)
    trace.phase.push(view.phaseIndex ?? -1)
    trace.state.push(
      [state.status, state.anchorIndex, state.anchorStartedAt, state.extraMs, state.pausedAt].join('|'),
    )
    trace.clockErrorMs.push(error)
  })
}

function scheduleNext(): void {
  const every = options.sampleEveryMs
  const next = Math.floor(Date.now() / every) * every + every
  recording = setTimeout(() => {
    record(next)
    scheduleNext()
  }, next - Date.now())
}

function act(action: HuddleAction): void {
  const at = Date.now()
  ESTIMATORS.forEach((estimator, s) => {
    const doc: BoardDoc = (clients[s] as SyncClient).doc
    // boardClock is this process's one clock: Date.now() + offset, so skew + estimate is its reading.
    boardClock.setServerOffset(clockError(estimator))
    if (action.kind === 'agenda') setAgenda(doc, action.agenda)
    else if (action.kind === 'start') startHuddle(doc)
    else if (action.kind === 'pause') pauseHuddle(doc)
    else if (action.kind === 'resume') resumeHuddle(doc)
    else extendPhase(doc, action.ms)
  })
  send({ type: 'acted', kind: action.kind, at })
}

async function start(given: HuddleClientOptions): Promise<void> {
  options = given
  report.role = given.role
  report.traces = ESTIMATORS.map(() => ({ remainingMs: [], phase: [], state: [], clockErrorMs: [] }))
  sampler = startOffsetSampler(given.timeUrl, () => Date.now() + given.skewMs)
  clients = given.sessions.map((session) => connectClient(given.wsBase, session.room, session.token))
  await Promise.all(clients.map((client) => whenSynced(client, given.timeoutMs)))
  await sampler.firstBurst
  if (!Number.isFinite(sampler.filteredMs())) throw new Error('no answer from GET /api/time')
  scheduleNext()
  send({ type: 'ready', offsets: ESTIMATORS.map(clockError) })
}

function stop(): void {
  if (recording) clearTimeout(recording)
  sampler.stop()
  const refused = clients.map((client) => client.refused)
  send({
    type: 'report',
    report: {
      ...report,
      rtts: sampler.rtts,
      estimates: sampler.estimates,
      disconnects: clients.reduce((sum, client) => sum + client.disconnects, 0),
      refused: refused.reduce((sum, r) => sum + r.closes + r.messages, 0),
      refusalSample: refused.map((r) => r.sample).find((sample) => sample !== null) ?? null,
    },
  })
  for (const client of clients) client.destroy()
}

const failed = (error: unknown): void =>
  send({
    type: 'failed',
    message:
      (error instanceof Error ? error.message : String(error)) +
      (clients.map(refusalNote).find((note) => note !== '') ?? ''),
  })

process.on('message', (message: ToHuddleClient) => {
  try {
    if (message.type === 'start') start(message.options).catch(failed)
    else if (message.type === 'act') act(message.action)
    else stop()
  } catch (error) {
    failed(error)
  }
})
// The orchestrator owns our lifetime: if it goes away, so do we.
process.on('disconnect', () => process.exit(0))
