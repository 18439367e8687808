import type { SessionStatus } from '@session-board/board'
import type { Role } from '@session-board/protocol'

/** Says plainly when, and why, this person's board is read-only. Announced when it changes. */
export function ReadOnlyBanner({ role, status }: { role: Role; status: SessionStatus }) {
  let message: string | null = null
  if (role === 'observer') message = 'You are observing; the board is read-only.'
  else if (status === 'ended' && role === 'therapist')
    message = 'This session has ended. The partners’ boards are read-only until you reopen it.'
  else if (status === 'ended') message = 'This session has ended; the board is read-only.'
  return (
    <div role="status" className="read-only-status">
      {message && <p className="notice notice--info session-notice">{message}</p>}
    </div>
  )
}
