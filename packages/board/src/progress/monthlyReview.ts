import type { CouplePhase } from '../records/couple.ts'
import type { Goal } from '../records/goal.ts'
import { isAgreed } from '../records/goal.ts'
import type { PhaseSchedule } from '../records/phases.ts'
import { phaseForWeek, programWeek } from '../records/phases.ts'
import type { Plan } from '../records/plan.ts'
import type { Routine } from '../records/routine.ts'
import type { Setback } from '../records/setback.ts'
import type { Step, StepStatus } from '../records/step.ts'
import type { BoardSnapshot } from '../store.ts'
import type { AveragePoint } from './averages.ts'
import { onTarget, rollingAverage } from './averages.ts'
import { WINDOW_DAYS, addDays, dayAt, isCalendarDay } from './calendar.ts'
import type { EntryPartner, ProgressEntry } from './entries.ts'
import type { FlagLevel } from './flags.ts'
import type { Metric } from './metrics.ts'

/**
 * The monthly review, assembled from the plan and the month's entries and flags: what changed, each
 * metric against its target, the flags and setbacks, the stepping stones done and not done. Plain JSON
 * in and out, so the review page and the PDF summary render the same figures.
 */

/** A flag as the server stores it (see the progress REST contract); the board does not import the protocol. */
export interface FlagRecord {
  id: string
  entryId: string
  metricId: string
  partner: EntryPartner
  level: FlagLevel
  day: string
  raisedAt: number
  response: string | null
  acknowledgedAt: number | null
}

export interface MonthlyReviewInput {
  /** YYYY-MM. */
  month: string
  /** The review so far, when the month is not over yet (YYYY-MM-DD); the month's last day otherwise. */
  asOf?: string
  goals: readonly Goal[]
  /** The stepping stones of each goal, as `selectStepsByGoal` gives them. */
  steps: Readonly<Record<string, readonly Step[]>>
  plans: readonly Plan[]
  routines: readonly Routine[]
  metrics: readonly Metric[]
  setbacks: readonly Setback[]
  /** Entries from `reviewEntryRange(month)`: the month and the two weeks before it. */
  entries: readonly ProgressEntry[]
  flags: readonly FlagRecord[]
  phases: { schedule: PhaseSchedule; programStart: string }
  /** The therapist's offset in minutes east of UTC: board times become days with it. */
  utcOffsetMinutes?: number
  /** Last month's review, to tell what changed since. */
  previous?: MonthlyReview
}

export interface GoalReview {
  id: string
  title: string
  /** Added during the month. */
  added: boolean
  agreed: boolean
  /** Agreed now and not at the last review; null without a last review. */
  newlyAgreed: boolean | null
  /** The goal's review date (part of its SMART wording), '' if none. */
  reviewDate: string
  /** Its review date differs from the last review's; null without a last review. */
  reviewChanged: boolean | null
  /** Its review date falls in the month. */
  reviewDue: boolean
}

export type UpgradeReview =
  | { kind: 'goal'; id: string; title: string }
  | { kind: 'ifThen'; id: string; condition: string; action: string }
  | { kind: 'routine'; id: string; text: string }

export interface SetbackReview {
  id: string
  flagId: string
  openedOn: string
  /** The day it became a plan upgrade, '' while open. */
  completedOn: string
  whatHappened: string
  whatHelped: string
  whatWeTry: string
  affirmation: string
  nextStep: string
  /** Null while open, or when the upgraded record was removed since. */
  upgrade: UpgradeReview | null
}

export interface MetricReview {
  id: string
  title: string
  domain: Metric['domain']
  kind: Metric['kind']
  target: number
  better: Metric['better']
  /** The couple's rolling two-week figure on the review's last day; null when nothing was logged. */
  average: number | null
  daysCovered: number
  onTarget: boolean | null
  /** Each partner's figure, for metrics each partner logs. */
  byPartner: Record<'partnerA' | 'partnerB', number | null> | null
  /** Last month's figure, null without one. */
  previousAverage: number | null
  /** The couple's rolling figure for each day of the month, for the chart. */
  trend: AveragePoint[]
}

export type FlagCounts = Record<FlagLevel, { acknowledged: number; waiting: number }>

export interface StepReview {
  id: string
  goalId: string
  goalTitle: string
  title: string
  status: StepStatus
  done: string
  whyNot: string
  next: string
  /** Done now and not at the last review; null without a last review. */
  newlyDone: boolean | null
}

export interface MonthlyReview {
  month: string
  first: string
  last: string
  phase: { atStart: CouplePhase | null; atEnd: CouplePhase | null; week: number | null }
  goals: GoalReview[]
  /** The setback reviews that became plan upgrades during the month. */
  upgrades: SetbackReview[]
  metrics: MetricReview[]
  flags: { counts: FlagCounts; list: FlagRecord[] }
  /** The setback reviews open at some point during the month. */
  setbacks: SetbackReview[]
  steps: { done: StepReview[]; notDone: StepReview[] }
}

/** The month's first and last days; throws for text that is not a YYYY-MM month. */
export function monthDays(month: string): { first: string; last: string } {
  const first = `${month}-01`
  if (!/^\d{4}-\d{2}$/.test(month) || !isCalendarDay(first)) {
    throw new RangeError('monthDays: the month must be YYYY-MM')
  }
  // The 28th plus four days is always in the next month.
  const next = addDays(`${month}-28`, 4).slice(0, 7)
  return { first, last: addDays(`${next}-01`, -1) }
}

/** The days of entries the review needs: the month, and the two weeks before it that its first averages look at. */
export function reviewEntryRange(month: string): { from: string; to: string } {
  const { first, last } = monthDays(month)
  return { from: addDays(first, -(WINDOW_DAYS - 1)), to: last }
}

/** The month before `month` (both YYYY-MM). */
export const monthBefore = (month: string): string => addDays(`${month}-01`, -1).slice(0, 7)

/**
 * The review of `month` from the plan as it stands and the entries and flags from
 * `reviewEntryRange(monthBefore(month))` on, with last month's review assembled beside it so "what
 * changed" reads the same on the page, in the PDF and in the benchmark.
 */
export function reviewOfMonth(
  board: Pick<
    BoardSnapshot,
    'goals' | 'stepsByGoal' | 'plans' | 'routines' | 'metrics' | 'setbacks' | 'phaseSchedule'
  >,
  figures: { entries: readonly ProgressEntry[]; flags: readonly FlagRecord[] },
  options: { month: string; today: string; programStart: string; utcOffsetMinutes?: number },
): MonthlyReview {
  const plan = {
    goals: board.goals,
    steps: board.stepsByGoal,
    plans: board.plans,
    routines: board.routines,
    metrics: board.metrics,
    setbacks: board.setbacks,
    entries: figures.entries,
    flags: figures.flags,
    phases: { schedule: board.phaseSchedule, programStart: options.programStart },
    ...(options.utcOffsetMinutes === undefined ? {} : { utcOffsetMinutes: options.utcOffsetMinutes }),
  }
  const previous = monthlyReview({ ...plan, month: monthBefore(options.month) })
  return monthlyReview({ ...plan, month: options.month, asOf: options.today, previous })
}

export function monthlyReview(input: MonthlyReviewInput): MonthlyReview {
  const { first, last: monthLast } = monthDays(input.month)
  const last = input.asOf && input.asOf >= first && input.asOf < monthLast ? input.asOf : monthLast
  const dayOf = (time: number) => dayAt(time, input.utcOffsetMinutes ?? 0)
  const inMonth = (day: string) => day >= first && day <= last
  const { previous } = input

  const setbackReview = (setback: Setback): SetbackReview => ({
    id: setback.id,
    flagId: setback.flagId,
    openedOn: dayOf(setback.openedAt),
    completedOn: setback.status === 'done' ? dayOf(setback.completedAt) : '',
    whatHappened: setback.whatHappened,
    whatHelped: setback.whatHelped,
    whatWeTry: setback.whatWeTry,
    affirmation: setback.affirmation,
    nextStep: setback.nextStep,
    upgrade: upgradeOf(setback, input),
  })
  const setbacks = input.setbacks.map(setbackReview)

  return {
    month: input.month,
    first,
    last,
    phase: phaseDuring(input.phases, first, last),
    goals: input.goals.map((goal) => {
      const before = previous?.goals.find((item) => item.id === goal.id)
      const agreed = isAgreed(goal)
      return {
        id: goal.id,
        title: goal.title,
        added: inMonth(dayOf(goal.createdAt)),
        agreed,
        newlyAgreed: previous ? agreed && !before?.agreed : null,
        reviewDate: goal.reviewDate,
        reviewChanged: previous ? goal.reviewDate !== (before?.reviewDate ?? '') : null,
        reviewDue: inMonth(goal.reviewDate),
      }
    }),
    upgrades: setbacks.filter((setback) => inMonth(setback.completedOn)),
    metrics: input.metrics.map((metric) => metricReview(metric, input.entries, first, last, previous)),
    flags: flagsDuring(input.flags, inMonth),
    setbacks: setbacks.filter(
      (setback) => setback.openedOn <= last && (setback.completedOn === '' || setback.completedOn >= first),
    ),
    steps: stepsReview(input, previous),
  }
}

function phaseDuring(phases: MonthlyReviewInput['phases'], first: string, last: string) {
  const startWeek = programWeek(phases.programStart, first)
  const week = programWeek(phases.programStart, last)
  return {
    atStart: startWeek === null ? null : phaseForWeek(phases.schedule, startWeek),
    atEnd: week === null ? null : phaseForWeek(phases.schedule, week),
    week,
  }
}

/** The plan record a setback review's upgrade made or changed, as it reads now; null if it is gone. */
export function upgradeOf(
  setback: Setback,
  input: Pick<MonthlyReviewInput, 'goals' | 'plans' | 'routines'>,
): UpgradeReview | null {
  const id = setback.upgradeId
  switch (setback.upgradeKind) {
    case 'goal': {
      const goal = input.goals.find((item) => item.id === id)
      return goal ? { kind: 'goal', id, title: goal.title } : null
    }
    case 'ifThen': {
      const plan = input.plans.find((item) => item.id === id)
      return plan ? { kind: 'ifThen', id, condition: plan.condition, action: plan.action } : null
    }
    case 'routine': {
      const routine = input.routines.find((item) => item.id === id)
      return routine ? { kind: 'routine', id, text: routine.text } : null
    }
    default:
      return null
  }
}

/** How a plan upgrade reads on the couple's page, the monthly review and the PDF. */
export function describeUpgrade(upgrade: UpgradeReview | null): string {
  if (!upgrade) return 'Plan upgrade (since removed)'
  if (upgrade.kind === 'goal') return `Plan upgrade: changed goal “${upgrade.title}”`
  if (upgrade.kind === 'ifThen') {
    return `Plan upgrade: new if-then plan “If ${upgrade.condition}, then ${upgrade.action}”`
  }
  return `Plan upgrade: minimum viable routine “${upgrade.text}”`
}

function metricReview(
  metric: Metric,
  entries: readonly ProgressEntry[],
  first: string,
  last: string,
  previous: MonthlyReview | undefined,
): MetricReview {
  const trend = rollingAverage(entries, metric, { from: first, to: last })
  const end = trend[trend.length - 1]
  const average = end?.average ?? null
  const partnerFigure = (partner: 'partnerA' | 'partnerB') =>
    rollingAverage(entries, metric, { from: last, to: last, partner })[0]?.average ?? null
  return {
    id: metric.id,
    title: metric.title,
    domain: metric.domain,
    kind: metric.kind,
    target: metric.target,
    better: metric.better,
    average,
    daysCovered: end?.daysCovered ?? 0,
    onTarget: average === null ? null : onTarget(average, metric),
    byPartner:
      metric.loggedBy === 'each'
        ? { partnerA: partnerFigure('partnerA'), partnerB: partnerFigure('partnerB') }
        : null,
    previousAverage: previous?.metrics.find((item) => item.id === metric.id)?.average ?? null,
    trend,
  }
}

function flagsDuring(flags: readonly FlagRecord[], inMonth: (day: string) => boolean) {
  const counts: FlagCounts = { red: { acknowledged: 0, waiting: 0 }, yellow: { acknowledged: 0, waiting: 0 } }
  const list = flags.filter((flag) => inMonth(flag.day)).sort((a, b) => a.raisedAt - b.raisedAt)
  for (const flag of list) {
    if (flag.acknowledgedAt === null) counts[flag.level].waiting++
    else counts[flag.level].acknowledged++
  }
  return { counts, list }
}

function stepsReview(input: MonthlyReviewInput, previous: MonthlyReview | undefined) {
  const doneBefore = new Set(previous?.steps.done.map((step) => step.id))
  const done: StepReview[] = []
  const notDone: StepReview[] = []
  for (const goal of input.goals) {
    for (const step of input.steps[goal.id] ?? []) {
      const isDone = step.status === 'done'
      const review: StepReview = {
        id: step.id,
        goalId: goal.id,
        goalTitle: goal.title,
        title: step.title,
        status: step.status,
        done: step.sinceDone,
        whyNot: step.sinceWhyNot,
        next: step.sinceNext,
        newlyDone: previous ? isDone && !doneBefore.has(step.id) : null,
      }
      ;(isDone ? done : notDone).push(review)
    }
  }
  return { done, notDone }
}
