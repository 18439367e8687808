import { dayNumber } from './calendar.ts'
import type { ProgressProblem } from './check.ts'
import type { ProgressEntry } from './entries.ts'
import { refuse } from './check.ts'
import { KIND_LIMITS, KIND_NAMES, ROUNDING } from './kinds.ts'
import type { Metric } from './metrics.ts'

export type FlagLevel = 'red' | 'yellow'
/** Red first: when a value crosses both lines, the red flag is the one shown. */
const LEVELS: readonly FlagLevel[] = ['red', 'yellow']

export interface Flag {
  level: FlagLevel
  /** The couple's agreed response, or null while they have not written one. */
  response: string | null
}

/**
 * The flag a value raises, in the metric's own unit like its target: a rating as logged or averaged,
 * a count or minutes per week, a share of yes days. When more is better (and on every dial), a value
 * at or below a line flags; when less is better, at or above.
 */
export function flagFor(value: number, metric: Metric): Flag | null {
  const flags = metric.flags
  if (!flags) return null
  for (const level of LEVELS) {
    const line = flags[level]
    if (line !== undefined && crosses(value, line, metric.better)) {
      return { level, response: flags.responses[level] || null }
    }
  }
  return null
}

/** The days a per-entry sum looks back over: the entry's day and the six before it. */
const WEEK_DAYS = 7

/**
 * The flag a newly stored entry raises. A rating flags on its own value. A count or minutes where less
 * is better flags on that partner's sum over the week ending on the entry's day (D-6..D, this entry
 * included), the unit its lines are written in. Yes/no and counts where more is better raise nothing
 * per entry: one day says little about a week's share or total; the review's averages show them.
 * `sameWeekEntries` may hold anything logged around then; only the same metric, partner and week count.
 */
export function entryFlag(
  entry: ProgressEntry,
  metric: Metric,
  sameWeekEntries: readonly ProgressEntry[],
): Flag | null {
  if (metric.kind === 'rating') return flagFor(entry.value, metric)
  if (metric.kind === 'yesNo' || metric.better === 'more') return null
  const last = dayNumber(entry.day)
  let sum = entry.value
  for (const other of sameWeekEntries) {
    if (other.id === entry.id || other.metricId !== metric.id || other.partner !== entry.partner) continue
    const day = dayNumber(other.day)
    if (day <= last && day > last - WEEK_DAYS) sum += other.value
  }
  return flagFor(sum, metric)
}

const crosses = (value: number, line: number, better: Metric['better']) =>
  better === 'more' ? value <= line + ROUNDING : value >= line - ROUNDING

/**
 * Null when the lines make sense: inside the kind's range, red past yellow, and both past the target,
 * so that meeting the target never raises a flag.
 */
export function checkFlags(metric: Metric): ProgressProblem | null {
  const flags = metric.flags
  if (!flags) return null
  const most = KIND_LIMITS[metric.kind].figure
  const side = metric.better === 'more' ? 'below' : 'above'
  for (const level of LEVELS) {
    const line = flags[level]
    if (line === undefined) continue
    const field = `metric.flags.${level}`
    if (!Number.isFinite(line) || line < 0 || line > most) {
      return refuse(field, `${field} must be from 0 to ${most} for ${KIND_NAMES[metric.kind]}.`)
    }
    if (!isPast(line, metric.target, metric.better)) {
      return refuse(field, `${field} must be ${side} the target, so meeting the target raises no flag.`)
    }
  }
  if (
    flags.red !== undefined &&
    flags.yellow !== undefined &&
    !isPast(flags.red, flags.yellow, metric.better)
  ) {
    return refuse(
      'metric.flags.red',
      `metric.flags.red must be ${side} metric.flags.yellow: red is the more serious flag.`,
    )
  }
  return null
}

const isPast = (line: number, reference: number, better: Metric['better']) =>
  better === 'more' ? line < reference : line > reference
