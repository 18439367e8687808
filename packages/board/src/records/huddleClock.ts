/**
 * The huddle's clock as instants and durations. What is stored is one anchor (the phase whose start
 * is recorded) and the agenda; the current phase is derived by walking from the anchor, so moving on
 * by itself needs no write and everyone computes the same phase from the same server instant.
 */
export type PhaseKind = 'checkIn' | 'review' | 'experiment' | 'appreciation' | 'custom'
/** An agenda is a handful of parts; twenty is far more than any huddle has. */
export const MAX_AGENDA_PHASES = 20
export const PHASE_KINDS: readonly PhaseKind[] = ['checkIn', 'review', 'experiment', 'appreciation', 'custom']

export interface AgendaPhase {
  id: string
  kind: PhaseKind
  title: string
  minutes: number
  /** 'auto': the next phase starts when the time is up; 'therapist': it waits until the therapist moves on. */
  advance: 'auto' | 'therapist'
}

const phase = (kind: PhaseKind, title: string, minutes: number): AgendaPhase =>
  Object.freeze({ id: kind, kind, title, minutes, advance: 'auto' })

/** The weekly 20-minute goal huddle. */
export const defaultAgenda: readonly AgendaPhase[] = Object.freeze([
  phase('checkIn', 'Check-in', 5),
  phase('review', 'Review the tracker', 7),
  phase('experiment', 'Choose one experiment', 5),
  phase('appreciation', 'Appreciation', 3),
])

export type HuddleStatus = 'notStarted' | 'running' | 'paused' | 'ended'

/** The stored fields the clock is derived from. */
export interface HuddleClock {
  agenda: readonly AgendaPhase[]
  status: HuddleStatus
  /** The phase whose start is recorded. */
  anchorIndex: number
  /** The server instant the anchor phase started, moved forward by pauses. */
  anchorStartedAt: number | null
  /** Extension added to the anchor phase. */
  extraMs: number
  pausedAt: number | null
}

export interface HuddleView {
  status: HuddleStatus
  phaseIndex: number | null
  phase: AgendaPhase | null
  phaseStartedAt: number | null
  phaseEndsAt: number | null
  /** Remaining in the current phase; 0 while waiting for the therapist or once finished. */
  remainingMs: number
  /** A 'therapist' phase whose time is up: it stays until the therapist moves on. */
  waitingForTherapist: boolean
  /** The last seconds of a running phase that moves on by itself. */
  warning: boolean
  /** The last phase ran out by itself: the huddle is over, though the therapist has not ended it yet. */
  finished: boolean
}

export const MINUTE_MS = 60_000
export const WARNING_MS = 10_000

/** One phase as walked: when it started and when it is planned to end. */
export interface PhaseSegment {
  index: number
  startedAt: number
  endsAt: number
}

export interface Walk {
  /** From the anchor to the current phase, which is the last one. */
  segments: PhaseSegment[]
  waiting: boolean
  finished: boolean
}

/** The instant the clock shows: frozen at the pause while paused. */
export function clockTime(clock: HuddleClock, now: number): number {
  return clock.status === 'paused' && clock.pausedAt !== null ? clock.pausedAt : now
}

/**
 * Walks from the anchor to `at`. Phase i ends at its start + its minutes (+ the extension for the
 * anchor phase); an 'auto' phase's successor starts exactly at that end, so at the boundary instant the
 * next phase has begun. A 'therapist' phase whose time is up stops the walk, as does the last phase.
 */
export function walkPhases(clock: HuddleClock, at: number): Walk | null {
  const { agenda, anchorIndex, anchorStartedAt, extraMs } = clock
  if (anchorStartedAt === null || anchorIndex < 0 || anchorIndex >= agenda.length) return null
  const segments: PhaseSegment[] = []
  let startedAt = anchorStartedAt
  for (let index = anchorIndex; ; index++) {
    const current = agenda[index] as AgendaPhase
    const endsAt = startedAt + current.minutes * MINUTE_MS + (index === anchorIndex ? extraMs : 0)
    segments.push({ index, startedAt, endsAt })
    if (at < endsAt) return { segments, waiting: false, finished: false }
    if (current.advance === 'therapist') return { segments, waiting: true, finished: false }
    if (index === agenda.length - 1) return { segments, waiting: false, finished: true }
    startedAt = endsAt
  }
}

/**
 * Time spent in each phase walked up to `at`, by agenda index: the phases passed in full, and the
 * current one up to `at` when `includeCurrent` (a finished phase counts its planned time, a waiting
 * one its overrun too).
 */
export function spentByPhase(walk: Walk, at: number, includeCurrent: boolean): Map<number, number> {
  const spent = new Map<number, number>()
  walk.segments.forEach((segment, position) => {
    const current = position === walk.segments.length - 1
    if (current && !includeCurrent) return
    const end = current && !walk.finished ? at : segment.endsAt
    spent.set(segment.index, (spent.get(segment.index) ?? 0) + Math.max(0, end - segment.startedAt))
  })
  return spent
}

const idle = (status: HuddleStatus): HuddleView => ({
  status,
  phaseIndex: null,
  phase: null,
  phaseStartedAt: null,
  phaseEndsAt: null,
  remainingMs: 0,
  waitingForTherapist: false,
  warning: false,
  finished: false,
})

/** What the huddle shows at `now` (server clock). Pure: the same state and instant give the same view. */
export function huddleAt(clock: HuddleClock, now: number): HuddleView {
  if (clock.status !== 'running' && clock.status !== 'paused') return idle(clock.status)
  const at = clockTime(clock, now)
  const walk = walkPhases(clock, at)
  const current = walk?.segments.at(-1)
  const phase = current ? clock.agenda[current.index] : undefined
  if (!walk || !current || !phase) return idle(clock.status)
  const remainingMs = walk.waiting || walk.finished ? 0 : current.endsAt - at
  return {
    status: clock.status,
    phaseIndex: current.index,
    phase,
    phaseStartedAt: current.startedAt,
    phaseEndsAt: current.endsAt,
    remainingMs,
    waitingForTherapist: walk.waiting,
    warning:
      clock.status === 'running' && phase.advance === 'auto' && remainingMs > 0 && remainingMs <= WARNING_MS,
    finished: walk.finished,
  }
}
