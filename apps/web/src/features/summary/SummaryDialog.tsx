import { useEffect, useId, useState } from 'react'
import { describeFailure } from '../../lib/api.ts'
import { useModalDialog } from '../../lib/useModalDialog.ts'
import type { SessionReport } from './summaryApi.ts'
import { fetchSummary, summaryMarkdownUrl, summaryPdfUrl } from './summaryApi.ts'
import { SummaryView } from './SummaryView.tsx'
import './summary.css'

interface Props {
  sessionId: string
  open: boolean
  onClose: () => void
}

/**
 * The end-of-session summary for the therapist, read fresh from the server each time it opens, with
 * its two downloads. A native modal dialog: Escape closes it and focus returns to the opening button.
 */
export function SummaryDialog({ sessionId, open, onClose }: Props) {
  const dialogRef = useModalDialog(open)
  const [summary, setSummary] = useState<SessionReport | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const id = useId()

  useEffect(() => {
    if (!open) return
    let current = true
    fetchSummary(sessionId)
      .then((loaded) => current && setSummary(loaded))
      .catch((error: unknown) => current && setProblem(describeFailure(error)))
    return () => {
      current = false
    }
  }, [open, sessionId])

  // Cleared on closing, so the next opening shows "Loading" rather than last time's summary.
  const close = () => {
    setSummary(null)
    setProblem(null)
    onClose()
  }

  return (
    <dialog
      ref={dialogRef}
      className="summary-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault()
        close()
      }}
    >
      <div className="summary-dialog__head">
        <h2 id={`${id}-title`}>Session summary</h2>
        <button type="button" className="button button--quiet button--small" onClick={close}>
          Close
        </button>
      </div>
      <p className="hint">
        Review the summary, then download it. Each download is recorded in the session’s audit trail.
      </p>
      <div className="summary-dialog__downloads">
        <a className="button button--small" href={summaryPdfUrl(sessionId)} download>
          Download PDF
        </a>
        <a className="button button--secondary button--small" href={summaryMarkdownUrl(sessionId)} download>
          Download Markdown
        </a>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          The summary could not be loaded: {problem}
        </p>
      )}
      {!summary && !problem && (
        <p role="status" className="hint">
          Loading the summary…
        </p>
      )}
      {summary && <SummaryView summary={summary} headingId={`${id}-title`} />}
    </dialog>
  )
}
