import { useEffect, useId, useRef } from 'react'
import './endSessionDialog.css'

interface Props {
  open: boolean
  /** The session's title, so the therapist knows which one they are ending. */
  sessionTitle: string
  busy: boolean
  problem: string | null
  onConfirm: () => void
  onCancel: () => void
}

/**
 * Asks before ending a session and says what ending does. A native modal dialog: focus moves into it,
 * the page behind is inert, Escape cancels, and focus goes back to the button that opened it.
 */
export function EndSessionDialog({ open, sessionTitle, busy, problem, onConfirm, onCancel }: Props) {
  const dialogRef = useRef<HTMLDialogElement>(null)
  const returnFocusTo = useRef<HTMLElement | null>(null)
  const id = useId()

  useEffect(() => {
    const dialog = dialogRef.current
    if (!dialog) return
    if (open && !dialog.open) {
      returnFocusTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
      dialog.showModal()
    } else if (!open && dialog.open) {
      dialog.close()
      const trigger = returnFocusTo.current
      if (trigger?.isConnected) trigger.focus()
    }
  }, [open])

  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-what`}
      onCancel={(event) => {
        // Escape: closed through React state, so the dialog and the state never disagree.
        event.preventDefault()
        if (!busy) onCancel()
      }}
    >
      <h2 id={`${id}-title`} className="confirm-dialog__title">
        End this session?
      </h2>
      <div id={`${id}-what`} className="confirm-dialog__text">
        <p>
          Ending “{sessionTitle}” makes both partners’ boards read-only: they can still read everything, but
          can no longer change it. Observers are not affected.
        </p>
        <p>Nothing is deleted, and you can reopen the session at any time.</p>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          The session was not ended: {problem}
        </p>
      )}
      <div className="confirm-dialog__actions">
        <button
          type="button"
          className="button button--secondary"
          autoFocus
          disabled={busy}
          onClick={onCancel}
        >
          Keep it open
        </button>
        <button type="button" className="button button--danger" disabled={busy} onClick={onConfirm}>
          {busy ? 'Ending…' : 'End session'}
        </button>
      </div>
    </dialog>
  )
}
