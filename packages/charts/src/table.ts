import type { AveragePoint, EntryPartner, ProgressEntry } from '@session-board/board'

export interface TableRow {
  day: string
  /** Each entry of the day in the order logged, with whose it is. */
  values: { partner: EntryPartner; value: number }[]
  average: number | null
}

/**
 * The data table behind a chart: one row per day that has an entry, newest first, with every entry
 * of that day and the two-week average the chart draws for it. An entry sent twice shows once.
 */
export function tableRows(
  entries: readonly ProgressEntry[],
  metricId: string,
  averages: readonly AveragePoint[],
): TableRow[] {
  const averageOn = new Map(averages.map((point) => [point.day, point.average]))
  const seen = new Set<string>()
  const byDay = new Map<string, ProgressEntry[]>()
  for (const entry of entries) {
    if (entry.metricId !== metricId || seen.has(entry.id) || !averageOn.has(entry.day)) continue
    seen.add(entry.id)
    byDay.set(entry.day, [...(byDay.get(entry.day) ?? []), entry])
  }
  return [...byDay.keys()]
    .sort((a, b) => (a < b ? 1 : -1))
    .map((day) => ({
      day,
      values: (byDay.get(day) ?? [])
        .toSorted((a, b) => a.loggedAt - b.loggedAt)
        .map(({ partner, value }) => ({ partner, value })),
      average: averageOn.get(day) ?? null,
    }))
}
