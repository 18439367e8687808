import type { EntryPartner, Metric, ProgressEntry } from '@session-board/board'
import { dialTrend } from '@session-board/charts'

/** The three dials, each with its latest two-week figure and how it moved, in words. */
export function DialTrends({
  dials,
  entries,
  today,
  partner,
}: {
  dials: readonly Metric[]
  entries: readonly ProgressEntry[]
  today: string
  partner: EntryPartner | undefined
}) {
  return (
    <section className="panel progress-dials" aria-labelledby="progress-dials-heading">
      <h2 id="progress-dials-heading">The three dials</h2>
      <ul className="progress-dials__list">
        {dials.map((dial) => (
          <li key={dial.id}>
            <strong>{dial.title}</strong>{' '}
            {dialTrend(entries, dial, { today, ...(partner ? { partner } : {}) }).words}
          </li>
        ))}
      </ul>
    </section>
  )
}
