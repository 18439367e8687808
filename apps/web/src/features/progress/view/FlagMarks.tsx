import type { EntryPartner } from '@session-board/board'
import type { FlagRecord } from '@session-board/protocol'
import { shortDay } from './LineChart.tsx'

const levelWords = { red: 'Red', yellow: 'Yellow' } as const

/** The period's flags, newest first, as a list: the charts mark the same days with a line. */
export function FlagMarks({
  flags,
  from,
  titleOf,
  nameOf,
}: {
  flags: readonly FlagRecord[]
  from: string
  titleOf: (metricId: string) => string
  nameOf: (partner: EntryPartner) => string
}) {
  const shown = flags.filter((flag) => flag.day >= from).toSorted((a, b) => b.raisedAt - a.raisedAt)
  return (
    <section className="panel progress-flags" aria-labelledby="progress-flags-heading">
      <h2 id="progress-flags-heading">Flags</h2>
      {shown.length === 0 ? (
        <p className="hint">No flags in this period.</p>
      ) : (
        <ul className="progress-flags__list">
          {shown.map((flag) => (
            <li key={flag.id} className={`progress-flag progress-flag--${flag.level}`}>
              <strong>{levelWords[flag.level]}</strong> · {titleOf(flag.metricId)} · {nameOf(flag.partner)},{' '}
              {shortDay(flag.day)}
              {flag.acknowledgedAt !== null && <span className="hint"> (seen by the therapist)</span>}
              {flag.response && <p className="progress-flag__response">Agreed response: {flag.response}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
