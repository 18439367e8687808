import { useEffect, useRef } from 'react'

/**
 * Opens and closes a native modal dialog with `open`: focus moves in and the page behind is inert
 * while it is open, and on closing focus goes back to whatever opened it. React state stays the one
 * truth, so the dialog's own Escape handling should be prevented and routed to that state.
 */
export function useModalDialog(open: boolean) {
  const dialogRef = useRef<HTMLDialogElement>(null)
  const returnFocusTo = useRef<HTMLElement | null>(null)

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

  return dialogRef
}
