import { heatmap } from '@session-board/charts'
import type { DayFigure } from '@session-board/charts'
import { DataTable } from './DataTable.tsx'
import { shortDay } from './LineChart.tsx'

const CELL = 14
const GAP = 3
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

interface Props {
  title: string
  figures: readonly DayFigure[]
  from: string
  to: string
  lowest: number
  highest: number
  /** How a day's figure reads in the table: "3 entries", "7 out of 10". */
  describe: (value: number) => string
}

/** A calendar of days, a column per week: the darker, the higher; a blank day was not logged. */
export function Heatmap({ title, figures, from, to, lowest, highest, describe }: Props) {
  const map = heatmap(figures, { from, to, lowest, highest })
  const logged = map.cells.filter((cell) => cell.value !== null)
  const summary = `${logged.length} of ${map.cells.length} days logged.`
  const left = 30
  return (
    <article className="panel progress-heatmap">
      <h3>{title}</h3>
      <p className="progress-chart__summary">{summary}</p>
      <div className="progress-heatmap__scroll">
        <svg
          role="img"
          aria-label={`${title}. ${summary}`}
          width={left + map.weeks * (CELL + GAP)}
          height={7 * (CELL + GAP)}
        >
          {WEEKDAYS.map((day, row) =>
            row % 2 === 0 ? (
              <text key={day} className="line-chart__label" x={0} y={row * (CELL + GAP) + CELL - 3}>
                {day}
              </text>
            ) : null,
          )}
          {map.cells.map((cell) => (
            <rect
              key={cell.day}
              className={`heat heat--${cell.shade}`}
              x={left + cell.week * (CELL + GAP)}
              y={cell.weekday * (CELL + GAP)}
              width={CELL}
              height={CELL}
              rx={2}
            />
          ))}
        </svg>
      </div>
      <DataTable
        caption={`${title}: each logged day`}
        columns={['Day', 'Figure']}
        rows={logged.map((cell) => ({
          key: cell.day,
          cells: [shortDay(cell.day), describe(cell.value ?? 0)],
        }))}
      />
    </article>
  )
}
