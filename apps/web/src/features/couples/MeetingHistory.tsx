import type { MeetingHistory as Meeting } from '@session-board/protocol'
import { PartBoundary } from '../../lib/PartBoundary.tsx'
import '../huddle/huddle.css'
import { formatWhen } from '../dashboard/when.ts'
import { HuddleRecords } from '../huddle/HuddleRecords.tsx'
import { SessionContext } from '../session/SessionContext.tsx'
import type { SessionContextValue } from '../session/SessionContext.tsx'

interface Props {
  history: Meeting[]
  context: SessionContextValue | null
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** What happened in each meeting so far, and the huddles' own records from the couple's document. */
export function MeetingHistory({ history, context }: Props) {
  return (
    <section className="panel couple-panel" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      {history.length === 0 ? (
        <p className="empty">No meetings have ended yet.</p>
      ) : (
        <ol className="history">
          {history.map((meeting) => (
            <li key={meeting.sessionId} className="history__item">
              <p className="history__title">{meeting.title}</p>
              <p className="history__facts">
                {meeting.endedAt !== null
                  ? `Ended ${formatWhen(meeting.endedAt)}`
                  : meeting.startedAt !== null && `Started ${formatWhen(meeting.startedAt)}`}
                {' · '}
                {count(meeting.huddles, 'huddle', 'huddles')},{' '}
                {count(meeting.reviewCards, 'review card', 'review cards')},{' '}
                {count(meeting.floorTurns, 'turn on the floor', 'turns on the floor')}
              </p>
              {meeting.experiment && <p>Experiment chosen: {meeting.experiment}</p>}
            </li>
          ))}
        </ol>
      )}
      {context && (
        <PartBoundary part="the huddles’ records">
          <SessionContext.Provider value={context}>
            <HuddleRecords />
          </SessionContext.Provider>
        </PartBoundary>
      )}
    </section>
  )
}
