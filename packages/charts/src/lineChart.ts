import { KIND_LIMITS, rollingAverage } from '@session-board/board'
import type { AveragePoint, EntryPartner, FlagLevel, Metric, ProgressEntry } from '@session-board/board'
import { scaleLinear } from 'd3-scale'
import { line } from 'd3-shape'
import { dailyFigures } from './dailyFigures.ts'
import { daysBetween, weekdayOf } from './days.ts'

export interface ChartSize {
  width: number
  height: number
  /** Room for the axes' labels: left and bottom. */
  margin: { top: number; right: number; bottom: number; left: number }
}

export interface LineChartInput {
  metric: Metric
  entries: readonly ProgressEntry[]
  from: string
  to: string
  /** The metric's first day, as the averages take it. */
  start?: string
  /** One partner's view; the couple's figure without it. */
  partner?: EntryPartner
  flags?: readonly { day: string; level: FlagLevel }[]
  size: ChartSize
}

export interface ChartPoint {
  day: string
  x: number
  y: number
  value: number
}

export interface LineChartGeometry {
  size: ChartSize
  /** The band where the figure meets the target: above the line when more is better, below when less. */
  targetBand: { x: number; y: number; width: number; height: number }
  targetY: number
  /** Each logged day's figure: a dot each. */
  points: ChartPoint[]
  /** The rolling two-week average as an SVG path; a stretch with no figure breaks it. */
  averagePath: string
  averages: AveragePoint[]
  flags: { day: string; x: number; level: FlagLevel }[]
  xTicks: { day: string; x: number }[]
  yTicks: { value: number; y: number }[]
}

/**
 * The line chart's shapes, with no DOM: the web app draws them as SVG and the PDF hands the same
 * path strings to pdfkit. The x of a day is its place in the list of calendar days, never a
 * timestamp, so a daylight-saving change neither stretches nor shrinks a day.
 */
export function lineChart(input: LineChartInput): LineChartGeometry {
  const { metric, size } = input
  const { margin } = size
  const days = daysBetween(input.from, input.to)
  const place = new Map(days.map((day, index) => [day, index]))
  const x = scaleLinear()
    .domain([0, Math.max(1, days.length - 1)])
    .range([margin.left, size.width - margin.right])
  const xOf = (day: string) => x(place.get(day) ?? 0)

  const partner = input.partner ? { partner: input.partner } : {}
  const averages = rollingAverage(input.entries, metric, {
    from: input.from,
    to: input.to,
    ...(input.start ? { start: input.start } : {}),
    ...partner,
  })
  const figures = dailyFigures(input.entries, metric, { from: input.from, to: input.to, ...partner })

  const y = scaleLinear()
    .domain([0, highest(metric, averages, figures)])
    .range([size.height - margin.bottom, margin.top])
    .nice()
  const [top, bottom] = [y(y.domain()[1] ?? 0), y(0)]
  const targetY = y(metric.target)
  const bandTop = metric.better === 'more' ? top : targetY
  const bandBottom = metric.better === 'more' ? targetY : bottom

  const points: ChartPoint[] = []
  for (const { day, value } of figures) {
    if (value !== null) points.push({ day, x: xOf(day), y: y(value), value })
  }
  const averagePath =
    line<AveragePoint>()
      .defined((point) => point.average !== null)
      .x((point) => xOf(point.day))
      .y((point) => y(point.average ?? 0))(averages) ?? ''

  return {
    size,
    targetBand: {
      x: margin.left,
      y: bandTop,
      width: size.width - margin.left - margin.right,
      height: Math.max(0, bandBottom - bandTop),
    },
    targetY,
    points,
    averagePath,
    averages,
    flags: (input.flags ?? [])
      .filter((flag) => place.has(flag.day))
      .map((flag) => ({ day: flag.day, x: xOf(flag.day), level: flag.level })),
    // A tick each Monday, so the weeks read the same on every chart.
    xTicks: days.filter((day) => weekdayOf(day) === 0).map((day) => ({ day, x: xOf(day) })),
    yTicks: y.ticks(4).map((value) => ({ value, y: y(value) })),
  }
}

/** The y axis reaches the target, every figure and every dot; ratings and yes/no keep their full range. */
function highest(
  metric: Metric,
  averages: readonly AveragePoint[],
  figures: readonly { value: number | null }[],
) {
  if (metric.kind === 'rating' || metric.kind === 'yesNo') return KIND_LIMITS[metric.kind].figure
  let most = Math.max(1, metric.target * 1.5)
  for (const { average } of averages) if (average !== null) most = Math.max(most, average)
  for (const { value } of figures) if (value !== null) most = Math.max(most, value)
  return most
}
