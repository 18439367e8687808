import { useState } from 'react'
import { describeFailure } from '../../lib/api.ts'
import { PartBoundary } from '../../lib/PartBoundary.tsx'
import { CASELOAD_PATH, auditPath, couplePath } from '../../lib/routes.ts'
import { startSession } from '../couples/couplesApi.ts'
import { endSession, reopenSession } from '../dashboard/dashboardApi.ts'
import { SummaryDialog } from '../summary/SummaryDialog.tsx'
import { EndSessionDialog } from './EndSessionDialog.tsx'
import type { MeetingState } from './meetingState.ts'
import { useBoard, useSession } from './SessionContext.tsx'

interface Props {
  meeting: MeetingState | null
  coupleId: string | null
}

/**
 * The therapist's way back to the couple's page, and the session's own step: start it (planned),
 * end it (after a confirmation), or reopen it (the couple's latest session only).
 */
export function TherapistControls({ meeting, coupleId }: Props) {
  const { sessionId } = useSession()
  const { session } = useBoard()
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [summaryOpen, setSummaryOpen] = useState(false)

  // The server writes the new state into the document; this board follows it from there.
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
      {coupleId ? (
        <a className="button button--quiet button--small" href={couplePath(coupleId)}>
          The couple’s page
        </a>
      ) : (
        <a className="button button--quiet button--small" href={CASELOAD_PATH}>
          Your couples
        </a>
      )}
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
      {meeting === 'upcoming' && (
        <button
          type="button"
          className="button button--primary button--small"
          disabled={busy}
          onClick={() => void change(startSession)}
        >
          Start this session
        </button>
      )}
      {meeting === 'live' && (
        <button
          type="button"
          className="button button--small button--danger"
          disabled={busy}
          onClick={() => {
            setProblem(null)
            setConfirming(true)
          }}
        >
          End session
        </button>
      )}
      {meeting === 'ended' && (
        <button
          type="button"
          className="button button--small button--secondary"
          disabled={busy}
          onClick={() => void change(reopenSession)}
        >
          Reopen session
        </button>
      )}
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
