import type { SessionReport } from './summaryApi.ts'

const roleNames = {
  therapist: 'Therapist',
  partnerA: 'Partner A',
  partnerB: 'Partner B',
  observer: 'Observer',
}
const columnNames = { keep: 'Keep', stop: 'Stop', start: 'Start' } as const

/** "12 March 2026" from "2026-03-12". */
function day(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`)
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
}

/** A started second counts, as the huddle's clock and the exported summary count it. */
function minutes(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

const pair = (scores: Record<'partnerA' | 'partnerB', number | null>) =>
  `${scores.partnerA ?? '–'} / ${scores.partnerB ?? '–'}`

function Empty({ children }: { children: string }) {
  return <p className="hint">{children}</p>
}

/** The summary's sections, each under its own heading (h3, below the dialog's h2). */
export function SummaryView({ summary, headingId }: { summary: SessionReport; headingId: string }) {
  const { partnerNames } = summary
  return (
    <article className="summary" aria-labelledby={headingId}>
      <p className="summary__title">
        <strong>{summary.title || 'Untitled session'}</strong> · {day(summary.dateIso)}
        {summary.status === 'ended' ? ' · ended' : ''}
      </p>

      <section aria-labelledby={`${headingId}-attendees`}>
        <h3 id={`${headingId}-attendees`}>Attendees</h3>
        <ul>
          {summary.attendees.map((person, index) => (
            <li key={index}>
              {roleNames[person.role]}: {person.name || 'Unnamed'}
              {person.joined ? '' : ' (did not open the board)'}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby={`${headingId}-goals`}>
        <h3 id={`${headingId}-goals`}>Goals</h3>
        {summary.goals.length === 0 && <Empty>No goals yet.</Empty>}
        <ul>
          {summary.goals.map((goal, index) => (
            <li key={index}>
              <strong>{goal.title || 'Untitled goal'}</strong>
              {goal.nonNegotiable && ' (non-negotiable)'}:{' '}
              <span className={goal.agreed ? 'summary__agreed' : 'summary__waiting'}>
                {goal.agreed ? 'Agreed by both' : `Waiting for ${goal.waitingFor.join(' and ')}`}
              </span>
              {goal.reviewDate && <> · review on {day(goal.reviewDate)}</>}
              {goal.missing.length > 0 && <> · still needs: {goal.missing.join(', ')}</>}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby={`${headingId}-review`}>
        <h3 id={`${headingId}-review`}>Review: keep, stop, start</h3>
        <div className="summary__columns">
          {(['keep', 'stop', 'start'] as const).map((column) => (
            <div key={column}>
              <h4>{columnNames[column]}</h4>
              {summary.review[column].length === 0 ? (
                <Empty>Nothing.</Empty>
              ) : (
                <ul>
                  {summary.review[column].map((text, index) => (
                    <li key={index}>{text}</li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </div>
      </section>

      <section aria-labelledby={`${headingId}-experiment`}>
        <h3 id={`${headingId}-experiment`}>Experiment for the week</h3>
        {summary.experiment ? (
          <p>
            If {summary.experiment.condition || '…'}, then {summary.experiment.action || '…'}.
            <br />
            Who: {summary.experiment.who || 'not decided yet'} · Review:{' '}
            {summary.experiment.reviewDate ? day(summary.experiment.reviewDate) : 'no date set yet'}
          </p>
        ) : (
          <Empty>None chosen.</Empty>
        )}
      </section>

      <section aria-labelledby={`${headingId}-grid`}>
        <h3 id={`${headingId}-grid`}>Decision grid</h3>
        {summary.grid ? (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Decision grid scores">
            <table className="summary__grid">
              <caption>
                Scores 0–10, {partnerNames.partnerA} / {partnerNames.partnerB}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Option</th>
                  {summary.grid.criteria.map((criterion, index) => (
                    <th scope="col" key={index}>
                      {criterion}
                    </th>
                  ))}
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {summary.grid.rows.map((row, index) => (
                  <tr key={index}>
                    <th scope="row">{row.proposal}</th>
                    {row.scores.map((scores, cell) => (
                      <td key={cell}>{pair(scores)}</td>
                    ))}
                    <td>{pair(row.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <Empty>The scores were not revealed in this session.</Empty>
        )}
      </section>

      <section aria-labelledby={`${headingId}-appreciations`}>
        <h3 id={`${headingId}-appreciations`}>Appreciations</h3>
        {summary.appreciations.length === 0 && <Empty>None written.</Empty>}
        <ul>
          {summary.appreciations.map((praise, index) => (
            <li key={index}>
              {praise.from} to {praise.to}: “{praise.text}”
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby={`${headingId}-huddle`}>
        <h3 id={`${headingId}-huddle`}>Huddle timeline</h3>
        {summary.huddle ? (
          <ul>
            {summary.huddle.phases.map((phase, index) => (
              <li key={index}>
                {phase.title || 'Untitled part'}: {minutes(phase.actualMs)} of {minutes(phase.plannedMs)}{' '}
                planned
              </li>
            ))}
          </ul>
        ) : (
          <Empty>No huddle finished in this session.</Empty>
        )}
      </section>

      <section aria-labelledby={`${headingId}-next`}>
        <h3 id={`${headingId}-next`}>Next review</h3>
        {summary.nextReview ? <p>{day(summary.nextReview)}</p> : <Empty>No date set.</Empty>}
      </section>
    </article>
  )
}
