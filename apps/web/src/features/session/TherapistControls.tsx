import { useState } from 'react'
import type { SessionStatus } from '@session-board/board'
import { describeFailure } from '../../lib/api.ts'
import { PartBoundary } from '../../lib/PartBoundary.tsx'
import { auditPath } from '../../lib/routes.ts'
import { endSession, reopenSession } from '../dashboard/dashboardApi.ts'
import { SummaryDialog } from '../summary/SummaryDialog.tsx'
import { EndSessionDialog } from './EndSessionDialog.tsx'
import { useBoard, useSession } from './SessionContext.tsx'

/** The therapist's way back to the dashboard, and ending (after a confirmation) or reopening the session. */
export function TherapistControls({ status }: { status: SessionStatus }) {
  const { sessionId } = useSession()
  const { session } = useBoard()
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [summaryOpen, setSummaryOpen] = useState(false)
  const ended = status === 'ended'

  // The server writes the new status into the document; this board follows it from there.
  const change = async (work: (id: string) => Promise<unknown>) => {
    setBusy(true)
    setProblem(null)
    try {
      await work(sessionId)
      setConfirming(false)
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
        className="button button--quiet button--small"
        aria-haspopup="dialog"
        onClick={() => setSummaryOpen(true)}
      >
        Session summary
      </button>
      <button
        type="button"
        className={`button button--small ${ended ? 'button--secondary' : 'button--danger'}`}
        disabled={busy}
        onClick={() => {
          setProblem(null)
          if (ended) void change(reopenSession)
          else setConfirming(true)
        }}
      >
        {ended ? 'Reopen session' : 'End session'}
      </button>
      {problem && !confirming && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <PartBoundary part="the session summary" className="part-failure--inline">
        <SummaryDialog sessionId={sessionId} open={summaryOpen} onClose={() => setSummaryOpen(false)} />
      </PartBoundary>
      <EndSessionDialog
        open={confirming}
        sessionTitle={session.title.trim() || 'Untitled session'}
        busy={busy}
        problem={problem}
        onConfirm={() => void change(endSession)}
        onCancel={() => {
          setConfirming(false)
          setProblem(null)
        }}
      />
    </nav>
  )
}
