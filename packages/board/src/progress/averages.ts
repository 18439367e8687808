import { WINDOW_DAYS, dayFromNumber, dayNumber } from './calendar.ts'
import type { EntryPartner, ProgressEntry } from './entries.ts'
import { ROUNDING } from './kinds.ts'
import type { Metric } from './metrics.ts'

/**
 * Rolling two-week averages, counted in calendar days, not in entries: the figure for day D looks at
 * the 14 days D-13..D, each entry counted on the day its logger's phone showed. Counts and minutes
 * become a figure per week (a day with no entry counts as 0); ratings are the mean of the days that
 * were logged (a day with no entry is skipped); yes/no is the share of logged days that were yes.
 * Within one day, counts and minutes add up, ratings and yes/no average (a day logged both yes and no
 * counts half), so the couple's figure for a dial is the mean of both partners that day.
 */

export interface AverageRange {
  from: string
  to: string
  /** The metric's first day; before it nothing counts. Defaults to the first day among the entries counted. */
  start?: string
  /** Only this partner's entries; without it, everyone's together (the couple's figure). */
  partner?: EntryPartner
}

export interface AveragePoint {
  day: string
  /** In the metric's unit, like its target; null when nothing was logged in the window. */
  average: number | null
  /** Days of the window on or after the start: 14 once the metric has run two weeks. */
  daysCovered: number
}

export function rollingAverage(
  entries: readonly ProgressEntry[],
  metric: Metric,
  range: AverageRange,
): AveragePoint[] {
  const days = dailyValues(entries, metric, range.partner)
  const start = range.start === undefined ? firstDay(days) : dayNumber(range.start)
  const points: AveragePoint[] = []
  for (let day = dayNumber(range.from); day <= dayNumber(range.to); day++) {
    points.push(averageOn(day, days, start, metric))
  }
  return points
}

/** The two-week figure for `today`. */
export function latest(
  entries: readonly ProgressEntry[],
  metric: Metric,
  options: { today: string } & Pick<AverageRange, 'start' | 'partner'>,
): AveragePoint {
  const [point] = rollingAverage(entries, metric, { ...options, from: options.today, to: options.today })
  return point ?? { day: options.today, average: null, daysCovered: 0 }
}

/**
 * A metric's first two weeks have fewer than 14 days to look at. Counts and minutes are never dragged
 * down by days before the metric existed: in its second week they are scaled by the days covered (18
 * appreciations over the first 9 days make 14 a week). In its first week they are what happened so
 * far (9 over 3 days read as 9 this week), since a few days say too little to be stretched to a
 * week. `daysCovered` lets a chart mark such early figures.
 */
function averageOn(
  day: number,
  days: ReadonlyMap<number, number>,
  start: number,
  metric: Metric,
): AveragePoint {
  const first = Math.max(day - WINDOW_DAYS + 1, start)
  const daysCovered = Math.max(0, day - first + 1)
  let total = 0
  let logged = 0
  for (let inWindow = first; inWindow <= day; inWindow++) {
    const value = days.get(inWindow)
    if (value === undefined) continue
    total += value
    logged++
  }
  const average =
    logged === 0 ? null : addsUp(metric) ? (total * 7) / Math.max(daysCovered, 7) : total / logged
  return { day: dayFromNumber(day), average, daysCovered }
}

export interface WeekFigure {
  first: string
  last: string
  /** The week's total for counts and minutes, its mean for ratings, its share of yes days for yes/no. */
  value: number | null
  daysLogged: number
}

/** Seven-day weeks counted from `from` (the plan's first day, or a Monday); the last may be shorter. */
export function weeklyFigures(
  entries: readonly ProgressEntry[],
  metric: Metric,
  range: Omit<AverageRange, 'start'>,
): WeekFigure[] {
  const days = dailyValues(entries, metric, range.partner)
  const to = dayNumber(range.to)
  const weeks: WeekFigure[] = []
  for (let first = dayNumber(range.from); first <= to; first += 7) {
    const last = Math.min(first + 6, to)
    const values: number[] = []
    for (let day = first; day <= last; day++) {
      const value = days.get(day)
      if (value !== undefined) values.push(value)
    }
    const total = values.reduce((sum, value) => sum + value, 0)
    weeks.push({
      first: dayFromNumber(first),
      last: dayFromNumber(last),
      value: values.length === 0 ? null : addsUp(metric) ? total : total / values.length,
      daysLogged: values.length,
    })
  }
  return weeks
}

/** Whether a figure meets the target: at or above it when more is better, at or below when less is. */
export function onTarget(average: number, metric: Metric): boolean {
  return metric.better === 'more' ? average >= metric.target - ROUNDING : average <= metric.target + ROUNDING
}

/** One value per logged day. An entry that arrived twice (the same id) counts once. */
function dailyValues(entries: readonly ProgressEntry[], metric: Metric, partner?: EntryPartner) {
  const seen = new Set<string>()
  const byDay = new Map<number, { total: number; count: number }>()
  for (const entry of entries) {
    if (entry.metricId !== metric.id || (partner && entry.partner !== partner) || seen.has(entry.id)) continue
    seen.add(entry.id)
    const day = dayNumber(entry.day)
    const sum = byDay.get(day) ?? { total: 0, count: 0 }
    sum.total += entry.value
    sum.count++
    byDay.set(day, sum)
  }
  const days = new Map<number, number>()
  for (const [day, { total, count }] of byDay) days.set(day, addsUp(metric) ? total : total / count)
  return days
}

/** Counts and minutes add up within a day and a week; ratings and yes/no average. */
const addsUp = (metric: Metric) => metric.kind === 'count' || metric.kind === 'minutes'

function firstDay(days: ReadonlyMap<number, number>): number {
  let first = Number.POSITIVE_INFINITY
  for (const day of days.keys()) first = Math.min(first, day)
  return first
}
