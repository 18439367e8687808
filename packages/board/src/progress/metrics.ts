import { ID_PATTERN, SHORT_TEXT, decimal, oneOf, text } from '../schema/fields.ts'
import type { ProgressFields, ProgressProblem } from './check.ts'
import { checkFields, optional, refuse, required } from './check.ts'
import { checkFlags } from './flags.ts'
import type { MetricKind } from './kinds.ts'
import { KIND_LIMITS, KIND_NAMES, METRIC_KINDS } from './kinds.ts'

export type MetricDomain = 'safety' | 'sobriety' | 'communication' | 'routines' | 'joy'
export const METRIC_DOMAINS: readonly MetricDomain[] = [
  'safety',
  'sobriety',
  'communication',
  'routines',
  'joy',
]
/** Who logs: each partner their own, either partner for the couple, or one shared entry for the couple. */
export type LoggedBy = 'each' | 'either' | 'couple'
export type ReviewRhythm = 'weekly' | 'biweekly' | 'monthly'
export type EntryPrivacy = 'shared' | 'therapist'

/** A yellow and a red line, each with the response the couple agreed, in their own words. */
export interface MetricFlags {
  yellow?: number
  red?: number
  responses: { yellow?: string; red?: string }
}

export interface Metric {
  id: string
  domain: MetricDomain
  title: string
  kind: MetricKind
  /** Per week for counts and minutes, a mean for ratings, a share of days (0–1) for yes/no. */
  target: number
  /** Repairs: more is better. Conflicts and close calls: less is. */
  better: 'more' | 'less'
  loggedBy: LoggedBy
  goalId?: string
  review: ReviewRhythm
  /** What a new entry is, unless the partner who logs it chooses otherwise. */
  defaultPrivacy: EntryPrivacy
  flags?: MetricFlags
}

/** Safety disclosures go to the therapist alone unless the partner chooses to share them. */
export const privacyForDomain = (domain: MetricDomain): EntryPrivacy =>
  domain === 'safety' ? 'therapist' : 'shared'

type MenuInput = Omit<Metric, 'review' | 'defaultPrivacy'> & Partial<Pick<Metric, 'review'>>
const menuMetric = (input: MenuInput): Metric => ({
  review: 'weekly',
  defaultPrivacy: privacyForDomain(input.domain),
  ...input,
})

/**
 * The starting menu the therapist picks from with the couple, by domain. Each keeps its id once
 * picked, so a plan holds each at most once; the therapist may change any part or write their own.
 */
export const METRIC_MENU: Readonly<Record<MetricDomain, readonly Metric[]>> = {
  safety: [
    menuMetric({
      id: 'safety:de-escalation',
      domain: 'safety',
      title: 'We used our de-escalation steps',
      kind: 'count',
      target: 2,
      better: 'more',
      loggedBy: 'either',
    }),
    menuMetric({
      id: 'safety:close-calls',
      domain: 'safety',
      title: 'A conflict came close to feeling unsafe',
      kind: 'count',
      target: 0,
      better: 'less',
      loggedBy: 'each',
    }),
  ],
  sobriety: [
    menuMetric({
      id: 'sobriety:trigger-plan',
      domain: 'sobriety',
      title: 'I followed my if-then plan when a trigger came',
      kind: 'count',
      target: 4,
      better: 'more',
      loggedBy: 'each',
    }),
    menuMetric({
      id: 'sobriety:sober-day',
      domain: 'sobriety',
      title: 'A sober day',
      kind: 'yesNo',
      target: 1,
      better: 'more',
      loggedBy: 'each',
    }),
    menuMetric({
      id: 'sobriety:cravings',
      domain: 'sobriety',
      title: 'How strong my cravings were today',
      kind: 'rating',
      target: 3,
      better: 'less',
      loggedBy: 'each',
    }),
  ],
  communication: [
    menuMetric({
      id: 'communication:repair',
      domain: 'communication',
      title: 'After a rupture, we repaired within 24 hours',
      kind: 'yesNo',
      target: 1,
      better: 'more',
      loggedBy: 'either',
      review: 'biweekly',
    }),
    menuMetric({
      id: 'communication:heated-conflicts',
      domain: 'communication',
      title: 'A disagreement got heated',
      kind: 'count',
      target: 2,
      better: 'less',
      loggedBy: 'either',
    }),
    menuMetric({
      id: 'communication:check-ins',
      domain: 'communication',
      title: 'We held our check-in: feelings, facts, needs, requests, appreciation',
      kind: 'count',
      target: 5,
      better: 'more',
      loggedBy: 'either',
    }),
  ],
  routines: [
    menuMetric({
      id: 'routines:rituals',
      domain: 'routines',
      title: 'We kept a connection ritual',
      kind: 'count',
      target: 3,
      better: 'more',
      loggedBy: 'either',
    }),
    menuMetric({
      id: 'routines:screen-free-dinners',
      domain: 'routines',
      title: 'Dinner together without screens',
      kind: 'count',
      target: 3,
      better: 'more',
      loggedBy: 'either',
    }),
    menuMetric({
      id: 'routines:walks',
      domain: 'routines',
      title: 'Minutes we walked together',
      kind: 'minutes',
      target: 60,
      better: 'more',
      loggedBy: 'either',
    }),
  ],
  joy: [
    menuMetric({
      id: 'joy:appreciations',
      domain: 'joy',
      title: 'I told my partner something I appreciate',
      kind: 'count',
      target: 5,
      better: 'more',
      loggedBy: 'each',
      review: 'monthly',
    }),
    menuMetric({
      id: 'joy:fun',
      domain: 'joy',
      title: 'We did something fun or meaningful together',
      kind: 'count',
      target: 2,
      better: 'more',
      loggedBy: 'either',
    }),
  ],
}

export const DIALS = ['safety', 'sobriety', 'closeness'] as const
export type Dial = (typeof DIALS)[number]

/**
 * The three dials, the couple's dashboard at a glance: a 0–10 rating each partner logs, treated like
 * any other metric by the averages and flags. The responses start empty: the couple writes them.
 * Closeness counts under joy; a low closeness asks for attention, not for an emergency, so it has no red.
 */
/** A dial: rated 0–10 by each partner, reviewed weekly, aiming at 7 or more. */
const dial = (
  name: Dial,
  title: string,
  rest: Pick<Metric, 'domain' | 'defaultPrivacy' | 'flags'>,
): Metric => ({
  id: `dial:${name}`,
  title,
  kind: 'rating',
  target: 7,
  better: 'more',
  loggedBy: 'each',
  review: 'weekly',
  ...rest,
})

export const DIAL_METRICS: Readonly<Record<Dial, Metric>> = {
  safety: dial('safety', 'Safety', {
    domain: 'safety',
    defaultPrivacy: 'therapist',
    flags: { yellow: 6, red: 4, responses: {} },
  }),
  sobriety: dial('sobriety', 'Sobriety', {
    domain: 'sobriety',
    defaultPrivacy: 'shared',
    flags: { yellow: 6, red: 4, responses: {} },
  }),
  closeness: dial('closeness', 'Closeness', {
    domain: 'joy',
    defaultPrivacy: 'shared',
    flags: { yellow: 4, responses: {} },
  }),
}

/**
 * The week's effort and impact on the goals, rated 0–10 by each partner: how hard they tried, and how
 * much it changed. Every plan has them, like the dials.
 */
export const WEEK_METRICS: Readonly<Record<'effort' | 'impact', Metric>> = {
  effort: menuMetric({
    id: 'week:effort',
    domain: 'routines',
    title: 'Effort on our goals this week',
    kind: 'rating',
    target: 7,
    better: 'more',
    loggedBy: 'each',
  }),
  impact: menuMetric({
    id: 'week:impact',
    domain: 'routines',
    title: 'What our goals changed this week',
    kind: 'rating',
    target: 7,
    better: 'more',
    loggedBy: 'each',
  }),
}

/**
 * A short journal line. Its entry is a yes (a line was written) carrying the line as its note, so it
 * has its own privacy, apart from any number logged beside it. It has no target to meet.
 */
export const JOURNAL_METRIC: Metric = menuMetric({
  id: 'journal:line',
  domain: 'communication',
  title: 'Journal line',
  kind: 'yesNo',
  target: 0,
  better: 'more',
  loggedBy: 'each',
})

/** What every plan holds without choosing it: the three dials, the week's effort and impact, the journal. */
export const STANDING_METRICS: readonly Metric[] = [
  ...DIALS.map((name) => DIAL_METRICS[name]),
  WEEK_METRICS.effort,
  WEEK_METRICS.impact,
  JOURNAL_METRIC,
]

/**
 * The metrics a couple logs: the standing ones first, as the plan changed them (a dial's lines and
 * the couple's responses), then the ones the plan chose.
 */
export function metricsOfPlan(chosen: readonly Metric[]): Metric[] {
  const byId = new Map(chosen.map((metric) => [metric.id, metric]))
  const standing = STANDING_METRICS.map((metric) => byId.get(metric.id) ?? metric)
  const standingIds = new Set(STANDING_METRICS.map((metric) => metric.id))
  return [...standing, ...chosen.filter((metric) => !standingIds.has(metric.id))]
}

/** Metric ids: the board's ids, plus a ':' for the menu's and the dials' (`dial:safety`). */
export const METRIC_ID_PATTERN = /^[A-Za-z0-9_:-]{1,64}$/

const threshold = optional(decimal(0, Number.MAX_SAFE_INTEGER))
const response = optional(text(SHORT_TEXT))
const METRIC_FIELDS: ProgressFields = {
  id: required(text(64, { pattern: METRIC_ID_PATTERN })),
  domain: required(oneOf(METRIC_DOMAINS)),
  title: required(text(SHORT_TEXT, { min: 1 })),
  kind: required(oneOf(METRIC_KINDS)),
  target: required(decimal(0, Number.MAX_SAFE_INTEGER)),
  better: required(oneOf(['more', 'less'])),
  loggedBy: required(oneOf(['each', 'either', 'couple'])),
  goalId: optional(text(64, { pattern: ID_PATTERN })),
  review: required(oneOf(['weekly', 'biweekly', 'monthly'])),
  defaultPrivacy: required(oneOf(['shared', 'therapist'])),
  flags: optional({
    yellow: threshold,
    red: threshold,
    responses: required({ red: response, yellow: response }),
  }),
}

/** Null when `value` is a metric the plan may hold; otherwise why not. */
export function checkMetric(value: unknown): ProgressProblem | null {
  const problem = checkFields(METRIC_FIELDS, value, 'metric')
  if (problem) return problem
  const metric = value as Metric
  const most = KIND_LIMITS[metric.kind].figure
  if (metric.target > most) {
    return refuse('metric.target', `metric.target must be from 0 to ${most} for ${KIND_NAMES[metric.kind]}.`)
  }
  return checkFlags(metric)
}
