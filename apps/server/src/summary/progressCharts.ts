import type { EntryPartner, FlagLevel, Metric, ProgressEntry } from '@session-board/board'
import { latest } from '@session-board/board'
import type { DayFigure } from '@session-board/charts'
import { heatmap, lineChart, summarize } from '@session-board/charts'
import type PDFDocument from 'pdfkit'
import type { HeatmapDrawing, LineChartDrawing } from './pdfCharts.ts'
import { HEATMAP_SHADES, paintHeatmap, paintLineChart } from './pdfCharts.ts'

type Pdf = InstanceType<typeof PDFDocument>

export interface ChartSpec {
  metric: Metric
  entries: readonly ProgressEntry[]
  from: string
  to: string
  partner?: EntryPartner
  flags?: readonly { day: string; level: FlagLevel }[]
}

export interface HeatmapSpec {
  title: string
  figures: readonly DayFigure[]
  from: string
  to: string
  lowest: number
  highest: number
}

/** A metric's line chart `width` points wide, from the same geometry as the web's SVG. */
export function lineChartDrawing(spec: ChartSpec, width: number, height = 150): LineChartDrawing {
  const point = latest(spec.entries, spec.metric, {
    today: spec.to,
    ...(spec.partner ? { partner: spec.partner } : {}),
  })
  return {
    title: spec.metric.title,
    summary: summarize(point, spec.metric),
    chart: lineChart({
      ...spec,
      size: { width, height, margin: { top: 6, right: 6, bottom: 16, left: 30 } },
    }),
  }
}

export function heatmapDrawing(spec: HeatmapSpec): HeatmapDrawing {
  const map = heatmap(spec.figures, { ...spec, shades: HEATMAP_SHADES.length - 1 })
  const logged = map.cells.filter((one) => one.value !== null).length
  return {
    title: spec.title,
    summary: `${logged} of ${map.cells.length} days logged.`,
    cells: map.cells.map(({ week, weekday, shade }) => ({ week, weekday, shade })),
  }
}

/** A metric's line chart at the current position, full text width. Moves the position below it. */
export function drawLineChart(pdf: Pdf, spec: ChartSpec, height = 150): void {
  const width = pdf.page.width - pdf.page.margins.left - pdf.page.margins.right
  paintLineChart(pdf, lineChartDrawing(spec, width, height))
}

/** A calendar heatmap at the current position. Moves the position below it. */
export function drawHeatmap(pdf: Pdf, spec: HeatmapSpec, cell = 9): void {
  paintHeatmap(pdf, heatmapDrawing(spec), cell)
}
