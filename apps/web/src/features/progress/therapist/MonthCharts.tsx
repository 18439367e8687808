import { useEffect, useState, useSyncExternalStore } from 'react'
import { reviewEntryRange } from '@session-board/board'
import type { MonthlyReview, ProgressEntry } from '@session-board/board'
import { describeFailure } from '../../../lib/api.ts'
import type { SessionSync } from '../../../lib/sync.ts'
import { FormAlert } from '../../account/FormAlert.tsx'
import { MetricChart } from '../view/MetricChart.tsx'
import { whoLogged } from './flagList.ts'
import { listCoupleEntries } from './therapistApi.ts'
import '../view/progress.css'

/**
 * A line chart for each of the review's metrics logged during the month, with its summary and data
 * table, from the same geometry as the progress view and the PDF.
 */
export function MonthCharts({
  coupleId,
  review,
  sync,
  names,
}: {
  coupleId: string
  review: MonthlyReview
  sync: SessionSync
  names: { partnerA: string; partnerB: string }
}) {
  const board = useSyncExternalStore(sync.board.subscribe, sync.board.getSnapshot)
  const [entries, setEntries] = useState<ProgressEntry[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const { month, first, last } = review

  useEffect(() => {
    let active = true
    // The two weeks before the month too: the month's first averages look there.
    listCoupleEntries(coupleId, reviewEntryRange(month).from, last)
      .then((list) => active && setEntries(list as ProgressEntry[]))
      .catch((error: unknown) => active && setProblem(describeFailure(error)))
    return () => {
      active = false
    }
  }, [coupleId, month, last])

  if (problem) return <FormAlert message={problem} />
  if (!entries) return null
  const logged = board.metrics.filter(
    (metric) =>
      review.metrics.some((item) => item.id === metric.id) &&
      entries.some((entry) => entry.metricId === metric.id && entry.day >= first && entry.day <= last),
  )
  if (logged.length === 0) return null
  return (
    <section className="progress-panel" aria-labelledby="review-charts">
      <h2 id="review-charts">The month’s charts</h2>
      {logged.map((metric) => (
        <MetricChart
          key={metric.id}
          metric={metric}
          entries={entries}
          flags={review.flags.list}
          from={first}
          to={last}
          partner={undefined}
          nameOf={(partner) => whoLogged(partner, names)}
        />
      ))}
    </section>
  )
}
