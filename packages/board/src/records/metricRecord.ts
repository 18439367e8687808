import type * as Y from 'yjs'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { goalsMap, mutate, recordAt, recordEntries, recordMap } from '../doc.ts'
import { newId } from '../ids.ts'
import type { ProgressProblem } from '../progress/check.ts'
import { refuse } from '../progress/check.ts'
import { METRIC_KINDS } from '../progress/kinds.ts'
import type { Metric, MetricFlags } from '../progress/metrics.ts'
import { METRIC_DOMAINS, METRIC_ID_PATTERN, checkMetric } from '../progress/metrics.ts'
import { defineRecord, field } from '../schema/descriptor.ts'
import { SHORT_TEXT, decimal, idOrEmpty, nullable, oneOf, text, time } from '../schema/fields.ts'

/** The couple's chosen metrics, keyed by the metric's id (a menu id such as `joy:fun`, or `metric_…`). */
export function metricsMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('metrics')
}

/** A metric to choose: one from the menu (with its id) or the therapist's own (an id is made for it). */
export type MetricChoice = Omit<Metric, 'id'> & { id?: string }
/** A change to a chosen metric; `flags: null` takes both lines and responses away. */
/** A change to a chosen metric; null takes its flag lines, or the goal it measures, away. */
export type MetricPatch = Partial<Omit<Metric, 'id' | 'flags' | 'goalId'>> & {
  flags?: MetricFlags | null
  goalId?: string | null
}
export type MetricOutcome = { id: string; problem: null } | { id: null; problem: ProgressProblem }

const optionalNumber = (value: unknown) => (typeof value === 'number' ? value : undefined)
const optionalText = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined)

function readFlags(record: Y.Map<unknown>): MetricFlags | undefined {
  const yellow = optionalNumber(record.get('yellow'))
  const red = optionalNumber(record.get('red'))
  const responses = {
    yellow: optionalText(record.get('yellowResponse')),
    red: optionalText(record.get('redResponse')),
  }
  if (yellow === undefined && red === undefined && !responses.yellow && !responses.red) return undefined
  return withoutUndefined({ yellow, red, responses: withoutUndefined(responses) })
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T
}

/** The metric a record holds as stored, before it is checked. */
function readMetric(id: string, record: Y.Map<unknown>): Metric {
  return withoutUndefined({
    id,
    domain: record.get('domain'),
    title: record.get('title'),
    kind: record.get('kind'),
    target: record.get('target'),
    better: record.get('better'),
    loggedBy: record.get('loggedBy'),
    goalId: optionalText(record.get('goalId')),
    review: record.get('review'),
    defaultPrivacy: record.get('defaultPrivacy'),
    flags: readFlags(record),
  }) as Metric
}

/** The stored fields of a metric: absent parts as '' or null, so a record always has every field. */
function storedFields(metric: Metric): Record<string, unknown> {
  return {
    domain: metric.domain,
    title: metric.title,
    kind: metric.kind,
    target: metric.target,
    better: metric.better,
    loggedBy: metric.loggedBy,
    goalId: metric.goalId ?? '',
    review: metric.review,
    defaultPrivacy: metric.defaultPrivacy,
    yellow: metric.flags?.yellow ?? null,
    red: metric.flags?.red ?? null,
    yellowResponse: metric.flags?.responses.yellow ?? '',
    redResponse: metric.flags?.responses.red ?? '',
  }
}

/**
 * The chosen metrics, in the order they were chosen. A record that does not make a metric the plan may
 * hold (written by an older board, or half-synced) is left out rather than shown wrong; a goal that was
 * removed no longer counts as the metric's goal.
 */
export function selectMetrics(doc: BoardDoc): Metric[] {
  const goals = goalsMap(doc)
  const chosen: { metric: Metric; createdAt: number }[] = []
  for (const [id, record] of recordEntries(metricsMap(doc))) {
    const metric = readMetric(id, record)
    if (checkMetric(metric)) continue
    if (metric.goalId !== undefined && !goals.has(metric.goalId)) delete metric.goalId
    chosen.push({ metric, createdAt: optionalNumber(record.get('createdAt')) ?? 0 })
  }
  chosen.sort((a, b) => a.createdAt - b.createdAt || (a.metric.id < b.metric.id ? -1 : 1))
  return chosen.map(({ metric }) => metric)
}

/**
 * Adds a metric to the couple's plan, from the menu or the therapist's own. Refused, before anything is
 * written, when the metric or its flag lines do not make sense, or when the plan already holds it.
 */
export function chooseMetric(doc: BoardDoc, choice: MetricChoice): MetricOutcome {
  const metric = { ...choice, id: choice.id ?? newId('metric') } as Metric
  const problem = checkMetric(metric)
  if (problem) return { id: null, problem }
  if (metricsMap(doc).has(metric.id)) {
    return { id: null, problem: refuse('metric.id', 'The plan already holds this metric.') }
  }
  mutate(doc, () => {
    metricsMap(doc).set(metric.id, recordMap({ ...storedFields(metric), createdAt: boardClock.now() }))
  })
  return { id: metric.id, problem: null }
}

/** Changes a chosen metric; refused as a whole, before any write, when the result would not make sense. */
export function updateMetric(doc: BoardDoc, id: string, patch: MetricPatch): ProgressProblem | null {
  const record = recordAt(metricsMap(doc), id)
  if (!record) return refuse('metric.id', 'The plan does not hold this metric.')
  const { flags, goalId, ...rest } = patch
  const changed = { ...readMetric(id, record), ...withoutUndefined(rest) }
  if (flags === null) delete changed.flags
  else if (flags !== undefined) changed.flags = flags
  if (goalId === null) delete changed.goalId
  else if (goalId !== undefined) changed.goalId = goalId
  const problem = checkMetric(changed)
  if (problem) return problem
  mutate(doc, () => {
    for (const [key, value] of Object.entries(storedFields(changed))) {
      if (record.get(key) !== value) record.set(key, value)
    }
  })
  return null
}

/** Takes a metric out of the plan. Its logged entries are kept elsewhere and are not touched. */
export function removeMetric(doc: BoardDoc, id: string): void {
  mutate(doc, () => metricsMap(doc).delete(id))
}

const line = nullable(decimal(0, Number.MAX_SAFE_INTEGER))

// The therapist writes the definition and the couple's responses with them in session.
export const metricRecord = defineRecord({
  root: 'metrics',
  shape: 'collection',
  idPattern: METRIC_ID_PATTERN,
  writer: 'therapist',
  stamped: true,
  undo: true,
  fields: [
    field('domain', oneOf(METRIC_DOMAINS), 'therapist'),
    field('title', text(SHORT_TEXT, { min: 1 }), 'therapist'),
    field('kind', oneOf(METRIC_KINDS), 'therapist'),
    field('target', decimal(0, Number.MAX_SAFE_INTEGER), 'therapist'),
    field('better', oneOf(['more', 'less']), 'therapist'),
    field('loggedBy', oneOf(['each', 'either', 'couple']), 'therapist'),
    field('goalId', idOrEmpty, 'therapist'),
    field('review', oneOf(['weekly', 'biweekly', 'monthly']), 'therapist'),
    field('defaultPrivacy', oneOf(['shared', 'therapist']), 'therapist'),
    field('yellow', line, 'therapist'),
    field('red', line, 'therapist'),
    field('yellowResponse', text(SHORT_TEXT), 'therapist'),
    field('redResponse', text(SHORT_TEXT), 'therapist'),
    field('createdAt', time, 'therapist'),
  ],
  snapshot: { metrics: selectMetrics },
})
