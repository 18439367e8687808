import type { Metric, MonthlyReview, ProgressEntry } from '@session-board/board'
import { DIAL_METRICS } from '@session-board/board'
import { dailyFigures } from '@session-board/charts'
import type { HeatmapDrawing, LineChartDrawing } from './pdfCharts.ts'
import { CHART_WIDTH } from './pdfCharts.ts'
import { heatmapDrawing, lineChartDrawing } from './progressCharts.ts'

export type MonthlyReviewCharts = { lines: LineChartDrawing[]; heatmaps: HeatmapDrawing[] }

/**
 * The monthly review's charts, from the month's first day to the review's last: a line chart for each
 * of its metrics logged in that time, and a heatmap for each dial logged in it. Shapes only, so the
 * PDF worker paints them without the chart packages.
 */
export function monthlyReviewCharts(
  review: MonthlyReview,
  metrics: readonly Metric[],
  entries: readonly ProgressEntry[],
): MonthlyReviewCharts {
  const { first: from, last: to } = review
  const loggedInMonth = (metricId: string) =>
    entries.some((entry) => entry.metricId === metricId && entry.day >= from && entry.day <= to)
  const byId = new Map(metrics.map((metric) => [metric.id, metric]))

  const lines = review.metrics.flatMap((item) => {
    const metric = byId.get(item.id)
    if (!metric || !loggedInMonth(metric.id)) return []
    const flags = review.flags.list.filter((flag) => flag.metricId === metric.id)
    return [lineChartDrawing({ metric, entries, from, to, flags }, CHART_WIDTH)]
  })
  const heatmaps = Object.values(DIAL_METRICS).flatMap((dial) => {
    const metric = byId.get(dial.id) ?? dial
    if (!loggedInMonth(metric.id)) return []
    return [
      heatmapDrawing({
        title: `${metric.title}, day by day`,
        figures: dailyFigures(entries, metric, { from, to }),
        from,
        to,
        lowest: 0,
        highest: 10,
      }),
    ]
  })
  return { lines, heatmaps }
}
