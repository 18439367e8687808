import { DIALS, DIAL_METRICS, checkMetric, privacyForDomain } from '@session-board/board'
import type { Metric, MetricDomain, ProgressProblem } from '@session-board/board'

/**
 * A metric as the form holds it: numbers as typed, so a half-written line is not lost while the
 * therapist types. Empty lines and responses mean "none".
 */
export interface MetricDraft {
  id?: string
  domain: MetricDomain
  title: string
  kind: Metric['kind']
  target: string
  better: Metric['better']
  loggedBy: Metric['loggedBy']
  goalId: string
  review: Metric['review']
  defaultPrivacy: Metric['defaultPrivacy']
  yellow: string
  red: string
  yellowResponse: string
  redResponse: string
}

export const DIAL_IDS: readonly string[] = DIALS.map((dial) => DIAL_METRICS[dial].id)
export const isDial = (id: string | undefined) => id !== undefined && DIAL_IDS.includes(id)

const figure = (value: number | undefined) => (value === undefined ? '' : String(value))

export function draftFromMetric(metric: Metric): MetricDraft {
  return {
    id: metric.id,
    domain: metric.domain,
    title: metric.title,
    kind: metric.kind,
    target: String(metric.target),
    better: metric.better,
    loggedBy: metric.loggedBy,
    goalId: metric.goalId ?? '',
    review: metric.review,
    defaultPrivacy: metric.defaultPrivacy,
    yellow: figure(metric.flags?.yellow),
    red: figure(metric.flags?.red),
    yellowResponse: metric.flags?.responses.yellow ?? '',
    redResponse: metric.flags?.responses.red ?? '',
  }
}

/** A blank metric of the therapist's own; safety starts as "only for the therapist". */
export function blankDraft(domain: MetricDomain): MetricDraft {
  return {
    domain,
    title: '',
    kind: 'count',
    target: '',
    better: 'more',
    loggedBy: 'each',
    goalId: '',
    review: 'weekly',
    defaultPrivacy: privacyForDomain(domain),
    yellow: '',
    red: '',
    yellowResponse: '',
    redResponse: '',
  }
}

/** A typed figure: '' is no figure at all; anything else that is not a number is kept as NaN, and refused. */
const readFigure = (typed: string): number | undefined =>
  typed.trim() === '' ? undefined : Number(typed.trim().replace(',', '.'))

export type DraftOutcome = { metric: Metric; problem: null } | { metric: null; problem: ProgressProblem }

/**
 * The metric a draft describes, checked as the plan would check it, so a refusal shows beside its
 * field before anything is written. A new metric's id is left for chooseMetric to make.
 */
export function metricFromDraft(draft: MetricDraft): DraftOutcome {
  const target = readFigure(draft.target)
  if (target === undefined) return refused('metric.target', 'Please give a target.')
  const yellow = readFigure(draft.yellow)
  const red = readFigure(draft.red)
  const responses = withText({ yellow: draft.yellowResponse.trim(), red: draft.redResponse.trim() })
  const hasFlags = yellow !== undefined || red !== undefined || Object.keys(responses).length > 0
  const metric: Metric = {
    id: draft.id ?? 'metric_new',
    domain: draft.domain,
    title: draft.title.trim(),
    kind: draft.kind,
    target,
    better: draft.better,
    loggedBy: draft.loggedBy,
    review: draft.review,
    defaultPrivacy: draft.defaultPrivacy,
    ...(draft.goalId ? { goalId: draft.goalId } : {}),
    ...(hasFlags ? { flags: { ...withNumber({ yellow, red }), responses } } : {}),
  }
  const problem = checkMetric(metric)
  if (problem) return { metric: null, problem }
  if (!draft.id) delete (metric as Partial<Metric>).id
  return { metric, problem: null }
}

function refused(field: string, reason: string): DraftOutcome {
  return { metric: null, problem: { field, reason } }
}

function withText(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''))
}

function withNumber(values: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, number] => entry[1] !== undefined),
  )
}

/**
 * The draft field a refusal belongs to (`metric.flags.red` → `red`), so it shows next to that field;
 * a refusal of the whole metric shows at the top of the form.
 */
export function fieldOfProblem(problem: ProgressProblem): keyof MetricDraft | 'form' {
  const name = problem.field.replace(/^metric\./, '')
  const flagFields: Record<string, keyof MetricDraft> = {
    'flags.yellow': 'yellow',
    'flags.red': 'red',
    'flags.responses.yellow': 'yellowResponse',
    'flags.responses.red': 'redResponse',
  }
  if (flagFields[name]) return flagFields[name]
  return PLAIN_FIELDS.includes(name) ? (name as keyof MetricDraft) : 'form'
}

const PLAIN_FIELDS: readonly string[] = [
  'domain',
  'title',
  'kind',
  'target',
  'better',
  'loggedBy',
  'goalId',
  'review',
  'defaultPrivacy',
]

/** The plan's metrics with the three dials always there: a dial not yet chosen shows with its defaults. */
export function metricsWithDials(chosen: readonly Metric[]): { metric: Metric; inPlan: boolean }[] {
  const dials = DIALS.map((dial) => {
    const inPlan = chosen.find((metric) => metric.id === DIAL_METRICS[dial].id)
    return { metric: inPlan ?? DIAL_METRICS[dial], inPlan: inPlan !== undefined }
  })
  const others = chosen.filter((metric) => !isDial(metric.id)).map((metric) => ({ metric, inPlan: true }))
  return [...dials, ...others]
}
