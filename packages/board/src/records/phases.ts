import type * as Y from 'yjs'
import type { BoardDoc } from '../doc.ts'
import { mutate } from '../doc.ts'
import { dayNumber, isCalendarDay } from '../progress/calendar.ts'
import type { ProgressProblem } from '../progress/check.ts'
import { refuse } from '../progress/check.ts'
import { defineRecord, field } from '../schema/descriptor.ts'
import type { FieldSpec } from '../schema/fields.ts'
import { integer, object } from '../schema/fields.ts'
import type { CouplePhase } from './couple.ts'
import { COUPLE_PHASES } from './couple.ts'

/** The program week (0-based) each phase starts in. */
export type PhaseSchedule = Record<CouplePhase, number>

/** The week ranges the source articles give, until the therapist moves them. */
export const DEFAULT_PHASE_SCHEDULE: Readonly<PhaseSchedule> = {
  intake: 0,
  stabilization: 1,
  skillAdoption: 3,
  generalization: 6,
  maintenance: 10,
  aftercare: 16,
}

/** Ten years of weeks: far past any plan, near enough to catch a typing slip. */
export const MAX_PHASE_WEEK = 520

const weekSpec = integer(0, MAX_PHASE_WEEK)
const scheduleSpec: FieldSpec = object(Object.fromEntries(COUPLE_PHASES.map((phase) => [phase, weekSpec])))

export function phasesMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('phases')
}

/** Intake starts the program, and each phase starts after the one before it. */
function scheduleProblem(schedule: PhaseSchedule): ProgressProblem | null {
  if (schedule.intake !== 0) return refuse('phases.intake', 'Intake starts the program, in week 0.')
  for (let index = 1; index < COUPLE_PHASES.length; index++) {
    const phase = COUPLE_PHASES[index]!
    const before = COUPLE_PHASES[index - 1]!
    const week = schedule[phase]
    if (!Number.isInteger(week) || week < 0 || week > MAX_PHASE_WEEK) {
      return refuse(`phases.${phase}`, `phases.${phase} must be a whole week from 0 to ${MAX_PHASE_WEEK}.`)
    }
    if (week <= schedule[before]) {
      return refuse(`phases.${phase}`, `phases.${phase} must start after ${before} starts.`)
    }
  }
  return null
}

/**
 * The plan's phase schedule. The whole schedule is one value, so two moves made at once leave one of
 * them, never a mix; a stored schedule that is out of order (written by hand) reads as the defaults.
 */
export function selectPhaseSchedule(doc: BoardDoc): PhaseSchedule {
  const stored = phasesMap(doc).get('startWeeks')
  if (stored && typeof stored === 'object') {
    const weeks = stored as Partial<Record<CouplePhase, unknown>>
    const schedule = Object.fromEntries(COUPLE_PHASES.map((phase) => [phase, weeks[phase]])) as PhaseSchedule
    if (!scheduleProblem(schedule)) return schedule
  }
  return { ...DEFAULT_PHASE_SCHEDULE }
}

/**
 * Moves the start of one phase. Refused, with nothing written, when the phases would no longer follow
 * each other in order, or intake would not start the program.
 */
export function movePhase(doc: BoardDoc, phase: CouplePhase, startWeek: number): ProgressProblem | null {
  const schedule = { ...selectPhaseSchedule(doc), [phase]: startWeek }
  const problem = scheduleProblem(schedule)
  if (problem) return problem
  mutate(doc, () => phasesMap(doc).set('startWeeks', schedule))
  return null
}

/** The phase a program week falls in; weeks before the start count as intake. */
export function phaseForWeek(schedule: PhaseSchedule, week: number): CouplePhase {
  let current: CouplePhase = 'intake'
  for (const phase of COUPLE_PHASES) if (week >= schedule[phase]) current = phase
  return current
}

/**
 * The program week `today` falls in, counting from 0 on the program's first day; negative before it.
 * Null when either day is not a real date (a program with no start yet).
 */
export function programWeek(programStart: string, today: string): number | null {
  if (!isCalendarDay(programStart) || !isCalendarDay(today)) return null
  return Math.floor((dayNumber(today) - dayNumber(programStart)) / 7)
}

export const phasesRecord = defineRecord({
  root: 'phases',
  shape: 'singleton',
  stamped: true,
  undo: true,
  fields: [field('startWeeks', scheduleSpec, 'therapist')],
  snapshot: { phaseSchedule: selectPhaseSchedule },
})
