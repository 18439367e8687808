import type { DayFigure } from './dailyFigures.ts'
import { daysBetween, weekdayOf } from './days.ts'

export interface HeatmapCell {
  day: string
  /** The week it falls in, counted from the first shown (a column). */
  week: number
  /** Monday 0 … Sunday 6 (a row). */
  weekday: number
  value: number | null
  /** 0 when nothing was logged, then 1 … `shades` from the lowest figure to the highest. */
  shade: number
}

export interface Heatmap {
  cells: HeatmapCell[]
  weeks: number
}

/**
 * A calendar of days, a column per week from Monday: one cell per day from `from` to `to`. Shades
 * are for the eye only; the cell's value is what the text and the table say.
 */
export function heatmap(
  figures: readonly DayFigure[],
  options: { from: string; to: string; lowest: number; highest: number; shades?: number },
): Heatmap {
  const shades = options.shades ?? 4
  const byDay = new Map(figures.map((figure) => [figure.day, figure.value]))
  const offset = weekdayOf(options.from)
  const span = Math.max(options.highest - options.lowest, Number.EPSILON)
  const cells = daysBetween(options.from, options.to).map((day, index): HeatmapCell => {
    const value = byDay.get(day) ?? null
    const share = value === null ? 0 : Math.min(1, Math.max(0, (value - options.lowest) / span))
    return {
      day,
      week: Math.floor((index + offset) / 7),
      weekday: (index + offset) % 7,
      value,
      shade: value === null ? 0 : 1 + Math.min(shades - 1, Math.floor(share * shades)),
    }
  })
  return { cells, weeks: cells.length === 0 ? 0 : (cells.at(-1)?.week ?? 0) + 1 }
}

/** Days with any entry: the logging calendar's figures (how many entries that day). */
export function loggingFigures(
  entries: readonly { day: string }[],
  range: { from: string; to: string },
): DayFigure[] {
  const counts = new Map<string, number>()
  for (const entry of entries) counts.set(entry.day, (counts.get(entry.day) ?? 0) + 1)
  return daysBetween(range.from, range.to).map((day) => ({ day, value: counts.get(day) ?? null }))
}
