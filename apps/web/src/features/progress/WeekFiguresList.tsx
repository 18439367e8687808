import { useEffect, useMemo, useState } from 'react'
import { JOURNAL_METRIC, addDays, metricsOfPlan, weeklyFigures } from '@session-board/board'
import type { Metric, ProgressEntry } from '@session-board/board'
import { describeFigure, describeTarget } from '@session-board/charts'
import { ApiFailure, describeFailure } from '../../lib/api.ts'
import { getSession } from '../dashboard/dashboardApi.ts'
import { fetchPartnerSelf } from '../plan/planApi.ts'
import { useBoard, useSession } from '../session/SessionContext.tsx'
import { loadEntries } from './progressApi.ts'
import { today as todayOnThisDevice } from './today.ts'
import './weekFigures.css'

type Load =
  | { state: 'loading' }
  | { state: 'ready'; entries: ProgressEntry[] }
  | { state: 'failed'; message: string }
  /** A partner who joined by link, on a device not signed in to the plan: the figures stay on their plan page. */
  | { state: 'not-here' }

/**
 * The huddle's review part: the last seven days' figure for each of the plan's metrics and the dials,
 * beside the keep/stop/start board, so the list is built on what happened.
 */
export function WeekFiguresList() {
  const { sessionId, me } = useSession()
  const { metrics: planMetrics } = useBoard()
  const [load, setLoad] = useState<Load>({ state: 'loading' })
  const to = todayOnThisDevice()
  const from = addDays(to, -6)

  useEffect(() => {
    if (me.role === 'observer') return
    let active = true
    // The board knows its session; the entries are the couple's. A partner's own device knows its couple.
    const couple =
      me.role === 'therapist'
        ? getSession(sessionId).then((session) => session.coupleId)
        : fetchPartnerSelf().then((self) => self.coupleId)
    couple
      .then((coupleId) => loadEntries(coupleId, { from, to }, me.role === 'therapist'))
      .then((entries) => active && setLoad({ state: 'ready', entries }))
      .catch((error: unknown) => {
        if (!active) return
        if (error instanceof ApiFailure && (error.status === 401 || error.status === 403)) {
          setLoad({ state: 'not-here' })
        } else setLoad({ state: 'failed', message: describeFailure(error) })
      })
    return () => {
      active = false
    }
  }, [sessionId, me.role, from, to])

  const shown = useMemo(
    () => metricsOfPlan(planMetrics).filter((metric) => metric.id !== JOURNAL_METRIC.id),
    [planMetrics],
  )

  if (me.role === 'observer' || load.state === 'not-here') return null
  return (
    <section className="week-figures" aria-labelledby="week-figures-heading">
      <h3 id="week-figures-heading">The last seven days</h3>
      {load.state === 'loading' && (
        <p role="status" className="hint">
          Loading this week’s figures…
        </p>
      )}
      {load.state === 'failed' && (
        <p className="hint">This week’s figures could not be loaded: {load.message}</p>
      )}
      {load.state === 'ready' && (
        <dl className="week-figures__list">
          {shown.map((metric) => (
            <div key={metric.id}>
              <dt>{metric.title}</dt>
              <dd>{weekWords(load.entries, metric, from, to)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  )
}

function weekWords(entries: readonly ProgressEntry[], metric: Metric, from: string, to: string): string {
  const [week] = weeklyFigures(entries, metric, { from, to })
  if (!week || week.value === null) return 'Not logged'
  return `${describeFigure(week.value, metric)} (aim: ${describeTarget(metric)})`
}
