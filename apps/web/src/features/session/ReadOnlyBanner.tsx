import type { Role } from '@session-board/protocol'
import { PLAN_PATH } from '../../lib/routes.ts'
import type { MeetingState } from './meetingState.ts'

/** Says plainly when, and why, this person's board is read-only. Announced when it changes. */
export function ReadOnlyBanner({ role, meeting }: { role: Role; meeting: MeetingState | null }) {
  const isTherapist = role === 'therapist'
  let message: string | null = null
  if (role === 'observer') message = 'You are observing; the board is read-only.'
  else if (meeting === 'ended' && isTherapist)
    message = 'This session has ended. The partners’ boards are read-only until you reopen it.'
  else if (meeting === 'ended') message = 'This session has ended; the board is read-only.'
  else if (meeting === 'past' && isTherapist)
    message =
      'This is an earlier session, already over. The board shows the couple’s plan as it is now; the partners can only read it here.'
  else if (meeting === 'past') message = 'This session has ended; the board is read-only.'
  else if (meeting === 'upcoming' && isTherapist)
    message =
      'This session has not started yet. Start it when you meet: the partners can then work on the board with you.'
  return (
    <div role="status" className="read-only-status">
      {message && <p className="notice notice--info session-notice">{message}</p>}
      {meeting === 'upcoming' && !isTherapist && role !== 'observer' && (
        <p className="notice notice--info session-notice">
          This session has not started yet; your therapist starts it when you meet. Until then, your goals and
          stepping stones are on <a href={PLAN_PATH}>your own plan page</a>.
        </p>
      )}
    </div>
  )
}
