import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { huddleMap, mutate } from '../doc.ts'

/** The weekly 20-minute goal huddle, in its four timed parts. Therapist-owned: only they pace it. */
export type HuddlePhase = 'checkIn' | 'review' | 'experiment' | 'appreciation'
export const HUDDLE_PHASES: readonly HuddlePhase[] = ['checkIn', 'review', 'experiment', 'appreciation']
export const defaultHuddleDurationsMs: Record<HuddlePhase, number> = {
  checkIn: 5 * 60_000,
  review: 7 * 60_000,
  experiment: 5 * 60_000,
  appreciation: 3 * 60_000,
}

export interface Huddle {
  /** null before the huddle started and after it finished. */
  phase: HuddlePhase | null
  /** When the current phase started (server clock), adjusted for pauses. */
  startedAt: number | null
  /** When the clock was paused; null while it runs. */
  pausedAt: number | null
  durations: Record<HuddlePhase, number>
}

function isPhase(value: unknown): value is HuddlePhase {
  return typeof value === 'string' && (HUDDLE_PHASES as readonly string[]).includes(value)
}

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' ? value : null)

export function selectHuddle(doc: BoardDoc): Huddle {
  const map = huddleMap(doc)
  const stored = map.get('durations') as Partial<Record<HuddlePhase, unknown>> | undefined
  const durations = { ...defaultHuddleDurationsMs }
  for (const phase of HUDDLE_PHASES) {
    const value = stored?.[phase]
    if (typeof value === 'number' && value > 0) durations[phase] = value
  }
  const phase = map.get('phase')
  return {
    phase: isPhase(phase) ? phase : null,
    startedAt: numberOrNull(map.get('startedAt')),
    pausedAt: numberOrNull(map.get('pausedAt')),
    durations,
  }
}

/** Moves the huddle to `phase` (null ends it) and starts that phase's clock. Therapist only. */
export function setHuddlePhase(doc: BoardDoc, phase: HuddlePhase | null): void {
  mutate(doc, () => {
    const map = huddleMap(doc)
    map.set('phase', phase)
    map.set('startedAt', phase === null ? null : boardClock.now())
    map.set('pausedAt', null)
  })
}

export function pauseHuddle(doc: BoardDoc): void {
  mutate(doc, () => {
    const map = huddleMap(doc)
    if (map.get('phase') && map.get('pausedAt') == null) map.set('pausedAt', boardClock.now())
  })
}

/** Resumes the clock; the phase's start moves by the paused time so the remaining time is kept. */
export function resumeHuddle(doc: BoardDoc): void {
  mutate(doc, () => {
    const map = huddleMap(doc)
    const pausedAt = numberOrNull(map.get('pausedAt'))
    const startedAt = numberOrNull(map.get('startedAt'))
    if (pausedAt === null || startedAt === null) return
    map.set('startedAt', startedAt + (boardClock.now() - pausedAt))
    map.set('pausedAt', null)
  })
}

export function setHuddleDurations(doc: BoardDoc, durations: Partial<Record<HuddlePhase, number>>): void {
  mutate(doc, () => {
    huddleMap(doc).set('durations', { ...selectHuddle(doc).durations, ...durations })
  })
}
