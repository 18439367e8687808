import { useBoard } from '../session/SessionContext.tsx'
import { partnerName } from '../session/SessionContext.tsx'
import { formatRemaining } from './useNow.ts'

/** Past huddles of this board: how long each part took, the turns, the experiment, the appreciations. */
export function HuddleRecords() {
  const snapshot = useBoard()
  const records = snapshot.huddleRecords
  if (records.length === 0) return null
  return (
    <div className="huddle-records">
      <h3>Earlier huddles</h3>
      {records.map((record) => (
        <article
          key={record.id}
          className="huddle-record"
          aria-label={`Huddle of ${new Date(record.startedAt).toLocaleString()}`}
        >
          <p className="huddle-record__when">{new Date(record.startedAt).toLocaleString()}</p>
          <ul>
            {record.phases.map((phase, index) => (
              <li key={index}>
                {phase.title}: {formatRemaining(phase.actualMs)} of {formatRemaining(phase.plannedMs)} planned
              </li>
            ))}
          </ul>
          {record.floorTurns.length > 0 && (
            <p>
              Turns:{' '}
              {record.floorTurns
                .map(
                  (turn) =>
                    `${partnerName(snapshot, turn.partner)} ${formatRemaining((turn.until ?? turn.since) - turn.since)}`,
                )
                .join(', ')}
            </p>
          )}
          {record.experiment && (
            <p>
              Experiment: if {record.experiment.condition}, then {record.experiment.action}
            </p>
          )}
          {(['partnerA', 'partnerB'] as const).map((partner) =>
            record.appreciations[partner] ? (
              <p key={partner}>
                {partnerName(snapshot, partner)} appreciated: {record.appreciations[partner]}
              </p>
            ) : null,
          )}
        </article>
      ))}
    </div>
  )
}
