import { otherPartner } from '@session-board/board'
import { formatRemaining, spokenRemaining, useServerNow } from '../huddle/useNow.ts'
import { partnerName, useBoard, useSession } from './SessionContext.tsx'

/** Who holds the floor and for how long, for the session bar. */
export function FloorStatus() {
  const snapshot = useBoard()
  const { me } = useSession()
  const now = useServerNow()
  const { holder, until } = snapshot.floor
  const mine = holder !== null && me.role === holder
  const listening = holder !== null && me.role === otherPartner(holder)
  return (
    <div className="bar-item bar-floor" data-holder={holder ?? ''} data-testid="floor-status">
      <p className="bar-item__label">Floor</p>
      {holder ? (
        <p className="bar-item__value">
          <span className="bar-floor__holder">
            {mine ? 'You' : partnerName(snapshot, holder)}
            {listening && <span className="visually-hidden">; you listen</span>}
          </span>
          {until !== null && (
            <span
              className="bar-floor__time"
              role="timer"
              aria-label={`Turn time left: ${spokenRemaining(until - now)}`}
            >
              {formatRemaining(until - now)}
            </span>
          )}
        </p>
      ) : (
        <p className="bar-item__value bar-item__value--quiet">Open</p>
      )}
    </div>
  )
}
