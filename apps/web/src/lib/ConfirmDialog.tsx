import { useId } from 'react'
import type { ReactNode } from 'react'
import { useModalDialog } from './useModalDialog.ts'
import './confirmDialog.css'

interface Props {
  open: boolean
  title: string
  children: ReactNode
  confirmLabel: string
  cancelLabel: string
  busy: boolean
  problem: string | null
  onConfirm: () => void
  onCancel: () => void
}

/**
 * Asks before something that cannot be taken back in one click, and says what it does. A native modal
 * dialog: focus moves in (to the safe choice), Escape cancels, focus returns to what opened it.
 */
export function ConfirmDialog(props: Props) {
  const { open, title, children, confirmLabel, cancelLabel, busy, problem, onConfirm, onCancel } = props
  const dialogRef = useModalDialog(open)
  const id = useId()

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
        {title}
      </h2>
      <div id={`${id}-what`} className="confirm-dialog__text">
        {children}
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
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
          {cancelLabel}
        </button>
        <button type="button" className="button button--danger" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  )
}
