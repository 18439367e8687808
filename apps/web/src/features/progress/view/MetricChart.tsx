import { useMemo } from 'react'
import { latest } from '@session-board/board'
import type { EntryPartner, Metric, ProgressEntry } from '@session-board/board'
import type { FlagRecord } from '@session-board/protocol'
import { describeEntryValue, describeFigure, lineChart, summarize, tableRows } from '@session-board/charts'
import { DataTable } from './DataTable.tsx'
import { LineChart, shortDay } from './LineChart.tsx'
import { useWidth } from './useWidth.ts'

interface Props {
  metric: Metric
  entries: readonly ProgressEntry[]
  flags: readonly FlagRecord[]
  from: string
  to: string
  partner: EntryPartner | undefined
  nameOf: (partner: EntryPartner) => string
}

const MARGIN = { top: 10, right: 10, bottom: 24, left: 36 }

/** One metric: its heading, its summary sentence, the chart and the data table behind it. */
export function MetricChart({ metric, entries, flags, from, to, partner, nameOf }: Props) {
  const { ref, width } = useWidth<HTMLDivElement>(560)
  const chart = useMemo(
    () =>
      lineChart({
        metric,
        entries,
        from,
        to,
        ...(partner ? { partner } : {}),
        flags: flags.filter((flag) => flag.metricId === metric.id),
        size: { width, height: width < 480 ? 180 : 220, margin: MARGIN },
      }),
    [metric, entries, flags, from, to, partner, width],
  )
  const summary = summarize(latest(entries, metric, { today: to, ...(partner ? { partner } : {}) }), metric)
  const headingId = `metric-${metric.id.replace(/[^A-Za-z0-9_-]/g, '-')}`
  const shown = partner ? entries.filter((entry) => entry.partner === partner) : entries
  const rows = tableRows(shown, metric.id, chart.averages).map((row) => ({
    key: row.day,
    cells: [
      shortDay(row.day),
      row.values
        .map(({ partner: who, value }) => `${nameOf(who)}: ${describeEntryValue(value, metric)}`)
        .join('; '),
      row.average === null ? '—' : describeFigure(row.average, metric),
    ],
  }))
  return (
    <article className="panel progress-chart" aria-labelledby={headingId}>
      <h3 id={headingId}>{metric.title}</h3>
      <p className="progress-chart__summary">{summary}</p>
      <div ref={ref} className="progress-chart__figure">
        <LineChart chart={chart} label={`${metric.title}. ${summary}`} />
      </div>
      <p className="progress-chart__legend">
        <span className="legend legend--band">Target band</span>
        <span className="legend legend--dot">
          {metric.kind === 'count' || metric.kind === 'minutes' ? 'A day' : 'A day’s figure'}
        </span>
        <span className="legend legend--line">
          Two-week average{metric.kind === 'count' ? ', a week' : ''}
        </span>
      </p>
      <DataTable
        caption={`${metric.title}: each day’s entries and the two-week average`}
        columns={['Day', 'Entries', 'Two-week average']}
        rows={rows}
      />
    </article>
  )
}
