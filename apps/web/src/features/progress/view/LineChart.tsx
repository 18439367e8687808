import type { LineChartGeometry } from '@session-board/charts'

const flagWords = { red: 'Red flag', yellow: 'Yellow flag' } as const

/** Short day labels for the axis: "12 Jan". Read in UTC: a day string is a date, not a moment. */
export const shortDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  })

/**
 * A metric's chart, drawn from the shared geometry: the target band, each day's dot, the two-week
 * average (broken where nothing was logged), and the flags. The SVG is one image with the summary as
 * its name; the numbers are in the data table beside it.
 */
export function LineChart({ chart, label }: { chart: LineChartGeometry; label: string }) {
  const { size, targetBand: band } = chart
  const bottom = size.height - size.margin.bottom
  return (
    <svg className="line-chart" role="img" aria-label={label} viewBox={`0 0 ${size.width} ${size.height}`}>
      <rect className="line-chart__band" x={band.x} y={band.y} width={band.width} height={band.height} />
      {chart.yTicks.map((tick) => (
        <g key={tick.value}>
          <line className="line-chart__grid" x1={band.x} x2={band.x + band.width} y1={tick.y} y2={tick.y} />
          <text className="line-chart__label" x={band.x - 6} y={tick.y + 4} textAnchor="end">
            {tick.value}
          </text>
        </g>
      ))}
      {chart.xTicks.map((tick) => (
        <text key={tick.day} className="line-chart__label" x={tick.x} y={size.height - 4} textAnchor="middle">
          {shortDay(tick.day)}
        </text>
      ))}
      <line
        className="line-chart__target"
        x1={band.x}
        x2={band.x + band.width}
        y1={chart.targetY}
        y2={chart.targetY}
      />
      {chart.flags.map((flag) => (
        <line
          key={`${flag.day}-${flag.level}`}
          className={`line-chart__flag line-chart__flag--${flag.level}`}
          x1={flag.x}
          x2={flag.x}
          y1={size.margin.top}
          y2={bottom}
        >
          <title>{`${flagWords[flag.level]}, ${shortDay(flag.day)}`}</title>
        </line>
      ))}
      {chart.points.map((point) => (
        <circle key={point.day} className="line-chart__dot" cx={point.x} cy={point.y} r={3.5} />
      ))}
      <path className="line-chart__average" d={chart.averagePath} />
    </svg>
  )
}
