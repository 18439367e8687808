import { useState } from 'react'
import type { SessionStatus } from '@session-board/board'
import { describeFailure } from '../../lib/api.ts'
import { auditPath } from '../../lib/routes.ts'
import { endSession, reopenSession } from '../dashboard/dashboardApi.ts'
import { useSession } from './SessionContext.tsx'

/** The therapist's way back to the dashboard, and ending or reopening the session from the board. */
export function TherapistControls({ status }: { status: SessionStatus }) {
  const { sessionId } = useSession()
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const ended = status === 'ended'

  // The server writes the new status into the document; this board follows it from there.
  const change = async () => {
    setBusy(true)
    setProblem(null)
    try {
      await (ended ? reopenSession(sessionId) : endSession(sessionId))
    } catch (error) {
      setProblem(describeFailure(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <nav className="therapist-controls" aria-label="Session">
      <a className="button button--quiet button--small" href="/dashboard">
        Your sessions
      </a>
      <a className="button button--quiet button--small" href={auditPath(sessionId)}>
        Audit trail
      </a>
      <button
        type="button"
        className={`button button--small ${ended ? 'button--secondary' : 'button--danger'}`}
        disabled={busy}
        onClick={change}
      >
        {ended ? 'Reopen session' : 'End session'}
      </button>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </nav>
  )
}
