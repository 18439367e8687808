import type { FlagLevel } from '@session-board/board'
import type { HeatmapCell, LineChartGeometry } from '@session-board/charts'
import type PDFDocument from 'pdfkit'

/**
 * Paints charts into a PDF from shapes computed beforehand (see progressCharts.ts). It needs pdfkit
 * alone, so the worker thread that renders the summary starts without the board and chart packages.
 */

type Pdf = InstanceType<typeof PDFDocument>

/** The web view's colours: calm blues and greys; red and amber only for flags. */
const INK = '#1f2933'
const MUTED = '#5f6b7a'
const GRID = '#d5dbe3'
const BAND = '#e3f0e8'
const AVERAGE = '#2f5f8f'
const DOT = '#7a8fa6'
const FLAG: Record<FlagLevel, string> = { red: '#b42318', yellow: '#9a6700' }
export const HEATMAP_SHADES = ['#f1f3f5', '#c9dcef', '#93b8dc', '#5b8fc2', '#2f5f8f']

/** The width of a chart across the summary's A4 page, between its 56-point margins. */
export const CHART_WIDTH = 595.28 - 2 * 56

/** A metric's line chart ready to paint: its title, its one-sentence summary and its shapes. */
export interface LineChartDrawing {
  title: string
  summary: string
  chart: LineChartGeometry
}

/** A calendar heatmap ready to paint: its title, how many days were logged, and its cells. */
export interface HeatmapDrawing {
  title: string
  summary: string
  cells: Pick<HeatmapCell, 'week' | 'weekday' | 'shade'>[]
}

/**
 * The title, the summary (the same words as the web page), then the target band, the day's dots and
 * the two-week average at the current position. Moves the position below it.
 */
export function paintLineChart(pdf: Pdf, drawing: LineChartDrawing): void {
  const { chart } = drawing
  const { height } = chart.size
  const left = pdf.page.margins.left
  const width = pdf.page.width - left - pdf.page.margins.right
  startBlock(pdf, height + 60)
  title(pdf, drawing.title, width)
  pdf.font('Helvetica').fontSize(10).fillColor(MUTED).text(drawing.summary, left, pdf.y, { width })
  pdf.moveDown(0.4)

  const top = pdf.y
  pdf.save().translate(left, top)
  const { targetBand: band } = chart
  pdf.rect(band.x, band.y, band.width, band.height).fill(BAND)
  pdf.lineWidth(0.5)
  for (const tick of chart.yTicks) {
    pdf
      .moveTo(band.x, tick.y)
      .lineTo(band.x + band.width, tick.y)
      .stroke(GRID)
    pdf
      .fillColor(MUTED)
      .fontSize(7)
      .text(String(tick.value), 0, tick.y - 3, { width: 26, align: 'right' })
  }
  for (const tick of chart.xTicks) {
    const label = tick.day.slice(5).replace('-', '/')
    pdf
      .fillColor(MUTED)
      .fontSize(7)
      .text(label, tick.x - 12, height - 12, { width: 24, align: 'center' })
  }
  for (const flag of chart.flags) {
    pdf
      .lineWidth(1)
      .moveTo(flag.x, band.y)
      .lineTo(flag.x, height - 16)
      .dash(2, { space: 2 })
      .stroke(FLAG[flag.level])
    pdf.undash()
  }
  for (const dot of chart.points) pdf.circle(dot.x, dot.y, 1.6).fill(DOT)
  if (chart.averagePath) pdf.lineWidth(1.6).path(chart.averagePath).stroke(AVERAGE)
  pdf.restore()
  pdf.x = left
  pdf.y = top + height + 10
}

/** A calendar of days, a column per week, shaded by each day's figure; blank days were not logged. */
export function paintHeatmap(pdf: Pdf, drawing: HeatmapDrawing, cell = 9): void {
  const left = pdf.page.margins.left
  const width = pdf.page.width - left - pdf.page.margins.right
  startBlock(pdf, cell * 8 + 40)
  title(pdf, drawing.title, width)
  pdf.font('Helvetica').fontSize(10).fillColor(MUTED).text(drawing.summary, left, pdf.y, { width })
  pdf.moveDown(0.4)
  const top = pdf.y
  for (const one of drawing.cells) {
    pdf
      .rect(left + one.week * (cell + 2), top + one.weekday * (cell + 2), cell, cell)
      .fill(HEATMAP_SHADES[one.shade] ?? HEATMAP_SHADES[0])
  }
  pdf.x = left
  pdf.y = top + 7 * (cell + 2) + 10
}

function title(pdf: Pdf, text: string, width: number): void {
  pdf.font('Helvetica-Bold').fontSize(11).fillColor(INK).text(text, pdf.page.margins.left, pdf.y, { width })
}

/** A chart is never split across pages. */
function startBlock(pdf: Pdf, height: number): void {
  if (pdf.y + height > pdf.page.height - pdf.page.margins.bottom) pdf.addPage()
}
