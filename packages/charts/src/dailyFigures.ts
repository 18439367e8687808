import { weeklyFigures } from '@session-board/board'
import type { EntryPartner, Metric, ProgressEntry } from '@session-board/board'
import { daysBetween } from './days.ts'

export interface DayFigure {
  day: string
  /** The day's total for counts and minutes, its mean for ratings and yes/no; null when nothing was logged. */
  value: number | null
}

/**
 * One figure per day, by the shared progress module's own rule: a day is a one-day week, so counts
 * add up and ratings average exactly as they do in the weekly figures and the two-week averages.
 */
export function dailyFigures(
  entries: readonly ProgressEntry[],
  metric: Metric,
  range: { from: string; to: string; partner?: EntryPartner },
): DayFigure[] {
  const own = entries.filter((entry) => entry.metricId === metric.id)
  return daysBetween(range.from, range.to).map((day) => {
    const [figure] = weeklyFigures(own, metric, {
      from: day,
      to: day,
      ...(range.partner ? { partner: range.partner } : {}),
    })
    return { day, value: figure?.value ?? null }
  })
}
