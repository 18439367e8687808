import { addDays, latest, onTarget } from '@session-board/board'
import type { AveragePoint, EntryPartner, Metric, ProgressEntry } from '@session-board/board'

const oneDecimal = (value: number) => String(Math.round(value * 10) / 10)

/** A figure in the metric's unit, as a person would say it: "2.5 a week", "6 out of 10", "80% of days". */
export function describeFigure(value: number, metric: Metric): string {
  switch (metric.kind) {
    case 'count':
      return `${oneDecimal(value)} a week`
    case 'minutes':
      return `${Math.round(value)} minutes a week`
    case 'rating':
      return `${oneDecimal(value)} out of 10`
    case 'yesNo':
      return `${Math.round(value * 100)}% of days`
  }
}

/** "2 or more", "3 or less", "100% of days". */
export function describeTarget(metric: Metric): string {
  const target = metric.kind === 'yesNo' ? `${Math.round(metric.target * 100)}%` : oneDecimal(metric.target)
  if (metric.kind === 'yesNo' && metric.target === 1 && metric.better === 'more') return 'every day'
  return `${target} or ${metric.better === 'more' ? 'more' : 'less'}`
}

/** A value as logged on one day: "3", "45 minutes", "7", "yes". */
export function describeEntryValue(value: number, metric: Metric): string {
  if (metric.kind === 'yesNo') return value === 1 ? 'yes' : 'no'
  if (metric.kind === 'minutes') return `${value} minutes`
  return String(value)
}

/**
 * The chart's one-sentence summary, from the latest two-week average: "Two-week average 2.5 a week,
 * on target (2 or more)." Off target reads as "not yet at the target", never as a failure.
 */
export function summarize(point: AveragePoint, metric: Metric): string {
  if (point.average === null) return 'Nothing logged in the last two weeks.'
  const early =
    point.daysCovered === 1
      ? ' (its first day)'
      : point.daysCovered < 14
        ? ` (over the first ${point.daysCovered} days)`
        : ''
  const where = onTarget(point.average, metric) ? 'on target' : 'not yet at the target'
  return `Two-week average ${describeFigure(point.average, metric)}${early}, ${where} (${describeTarget(metric)}).`
}

export interface DialTrend {
  now: AveragePoint
  before: AveragePoint
  /** "7.5 out of 10 over the last two weeks, up 1 from the two weeks before." */
  words: string
}

/** A change smaller than this reads as "about the same": a rating moves in whole points. */
const STEADY = 0.25

/** A dial's latest two-week average and its change from the two weeks before, in words. */
export function dialTrend(
  entries: readonly ProgressEntry[],
  metric: Metric,
  options: { today: string; partner?: EntryPartner },
): DialTrend {
  const partner = options.partner ? { partner: options.partner } : {}
  const now = latest(entries, metric, { today: options.today, ...partner })
  const before = latest(entries, metric, { today: addDays(options.today, -14), ...partner })
  return { now, before, words: trendWords(now, before, metric) }
}

function trendWords(now: AveragePoint, before: AveragePoint, metric: Metric): string {
  if (now.average === null) return 'Nothing logged in the last two weeks.'
  const figure = `${describeFigure(now.average, metric)} over the last two weeks`
  if (before.average === null) return `${figure}; nothing to compare with from the two weeks before.`
  const change = now.average - before.average
  if (Math.abs(change) < STEADY) return `${figure}, about the same as the two weeks before.`
  return `${figure}, ${change > 0 ? 'up' : 'down'} ${oneDecimal(Math.abs(change))} from the two weeks before.`
}
