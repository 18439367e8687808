import { ConfirmDialog } from '../../lib/ConfirmDialog.tsx'

interface Props {
  open: boolean
  /** The session's title, so the therapist knows which one they are ending. */
  sessionTitle: string
  busy: boolean
  problem: string | null
  onConfirm: () => void
  onCancel: () => void
}

/** Asks before ending a session and says what ending does (nothing is deleted; it can be reopened). */
export function EndSessionDialog({ open, sessionTitle, busy, problem, onConfirm, onCancel }: Props) {
  return (
    <ConfirmDialog
      open={open}
      title="End this session?"
      confirmLabel={busy ? 'Ending…' : 'End session'}
      cancelLabel="Keep it open"
      busy={busy}
      problem={problem && `The session was not ended: ${problem}`}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>
        Ending “{sessionTitle}” makes both partners’ boards read-only: they can still read everything, but can
        no longer change it. Observers are not affected.
      </p>
      <p>Nothing is deleted, and you can reopen the session at any time.</p>
    </ConfirmDialog>
  )
}
