import { useId, useMemo, useState, useSyncExternalStore } from 'react'
import { DIALS, DIAL_METRICS, JOURNAL_METRIC, addDays, metricsOfPlan } from '@session-board/board'
import type { EntryPartner, Metric } from '@session-board/board'
import type { Presence } from '@session-board/protocol'
import { dailyFigures, describeFigure, loggingFigures } from '@session-board/charts'
import type { SessionSync } from '../../../lib/sync.ts'
import { FormAlert } from '../../account/FormAlert.tsx'
import { partnerName } from '../../session/SessionContext.tsx'
import { today as todayOnThisDevice } from '../today.ts'
import { DialTrends } from './DialTrends.tsx'
import { FlagMarks } from './FlagMarks.tsx'
import { Heatmap } from './Heatmap.tsx'
import { JournalLines } from './JournalLines.tsx'
import { MetricChart } from './MetricChart.tsx'
import { useProgress } from './useProgress.ts'
import './progress.css'

const PERIODS = [4, 8, 16] as const
type View = 'couple' | EntryPartner

/**
 * The progress view: the plan's metrics and the three dials over 4, 8 or 16 weeks, for the couple or
 * one partner. The figures come from the shared progress module; this page only lays them out.
 */
export function ProgressView({ coupleId, sync, me }: { coupleId: string; sync: SessionSync; me: Presence }) {
  const board = useSyncExternalStore(sync.board.subscribe, sync.board.getSnapshot)
  const [view, setView] = useState<View>('couple')
  const [weeks, setWeeks] = useState<(typeof PERIODS)[number]>(4)
  const selectId = useId()
  const periodId = useId()

  const to = todayOnThisDevice()
  const from = addDays(to, -(weeks * 7 - 1))
  // Two weeks more than shown, so the first days' averages see their whole window.
  const load = useProgress(coupleId, { from: addDays(from, -13), to }, me.role === 'therapist')

  const { dials, metrics } = useMemo(() => splitDials(board.metrics), [board.metrics])
  const nameOf = (partner: EntryPartner) => (partner === 'couple' ? 'Together' : partnerName(board, partner))
  // A partner sees the couple and themselves; the therapist each of them.
  const views: View[] =
    me.role === 'therapist'
      ? ['couple', 'partnerA', 'partnerB']
      : me.role === 'observer'
        ? ['couple']
        : ['couple', me.role]
  const partner = view === 'couple' ? undefined : view

  return (
    <div className="progress">
      <form className="panel progress__controls" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor={selectId}>Whose progress</label>
        <select id={selectId} value={view} onChange={(event) => setView(event.target.value as View)}>
          {views.map((one) => (
            <option key={one} value={one}>
              {one === 'couple' ? 'The two of you together' : nameOf(one)}
            </option>
          ))}
        </select>
        <label htmlFor={periodId}>Period</label>
        <select
          id={periodId}
          value={weeks}
          onChange={(event) => setWeeks(Number(event.target.value) as typeof weeks)}
        >
          {PERIODS.map((period) => (
            <option key={period} value={period}>
              The last {period} weeks
            </option>
          ))}
        </select>
      </form>
      {load.state === 'loading' && (
        <p role="status" className="hint">
          Loading the entries…
        </p>
      )}
      {load.state === 'failed' && <FormAlert message={`The entries could not be loaded: ${load.message}`} />}
      {load.state === 'ready' && (
        <>
          <DialTrends dials={dials} entries={load.entries} today={to} partner={partner} />
          <FlagMarks
            flags={load.flags.filter((flag) => !partner || flag.partner === partner)}
            from={from}
            titleOf={(metricId) =>
              [...dials, ...metrics].find((metric) => metric.id === metricId)?.title ?? 'A metric'
            }
            nameOf={nameOf}
          />
          <section aria-labelledby="progress-metrics-heading">
            <h2 id="progress-metrics-heading">Metrics and dials</h2>
            {metrics.length === 0 && <p className="hint">No metrics are in the plan yet.</p>}
            {[...metrics, ...dials].map((metric) => (
              <MetricChart
                key={metric.id}
                metric={metric}
                entries={load.entries}
                flags={load.flags.filter((flag) => !partner || flag.partner === partner)}
                from={from}
                to={to}
                partner={partner}
                nameOf={nameOf}
              />
            ))}
          </section>
          <section aria-labelledby="progress-calendars-heading">
            <h2 id="progress-calendars-heading">Day by day</h2>
            <Heatmap
              title="Days with an entry"
              figures={loggingFigures(
                load.entries.filter((entry) => !partner || entry.partner === partner),
                { from, to },
              )}
              from={from}
              to={to}
              lowest={1}
              highest={8}
              describe={(count) => (count === 1 ? '1 entry' : `${count} entries`)}
            />
            {dials.map((dial) => (
              <Heatmap
                key={dial.id}
                title={dial.title}
                figures={dailyFigures(load.entries, dial, { from, to, ...(partner ? { partner } : {}) })}
                from={from}
                to={to}
                lowest={0}
                highest={10}
                describe={(value) => describeFigure(value, dial)}
              />
            ))}
          </section>
          <JournalLines entries={load.entries} from={from} to={to} partner={partner} nameOf={nameOf} />
        </>
      )}
    </div>
  )
}

/**
 * The dials as the plan set them (their lines and responses), or as they come; then the week's effort
 * and impact and the plan's own metrics. The journal is words, not a figure to chart.
 */
function splitDials(planMetrics: readonly Metric[]): { dials: Metric[]; metrics: Metric[] } {
  const all = metricsOfPlan(planMetrics).filter((metric) => metric.id !== JOURNAL_METRIC.id)
  const dialIds = new Set(DIALS.map((dial) => DIAL_METRICS[dial].id))
  return {
    dials: all.filter((metric) => dialIds.has(metric.id)),
    metrics: all.filter((metric) => !dialIds.has(metric.id)),
  }
}
