import type { EntryPartner, ProgressEntry } from '@session-board/board'
import { shortDay } from './LineChart.tsx'

interface Props {
  entries: readonly ProgressEntry[]
  from: string
  to: string
  partner: EntryPartner | undefined
  nameOf: (partner: EntryPartner) => string
}

/** The journal lines in the period, newest first, as far as this reader may see them. */
export function JournalLines({ entries, from, to, partner, nameOf }: Props) {
  const lines = entries
    .filter((entry) => entry.note && entry.day >= from && entry.day <= to)
    .filter((entry) => !partner || entry.partner === partner)
    .toSorted((a, b) => b.loggedAt - a.loggedAt)
  return (
    <section className="panel" aria-labelledby="progress-journal-heading">
      <h2 id="progress-journal-heading">Journal lines</h2>
      {lines.length === 0 ? (
        <p className="hint">No journal lines in this period.</p>
      ) : (
        <ul className="journal-lines">
          {lines.map((entry) => (
            <li key={entry.id}>
              <span className="hint">
                {shortDay(entry.day)} · {nameOf(entry.partner)}
                {entry.privacy === 'therapist' ? ' · only for the therapist' : ''}
              </span>
              <p>{entry.note}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
