import { useEffect } from 'react'
import { coverRestoredPage, hideNow } from './quickHide.ts'
import './quickHide.css'

const OPEN_DIALOG = 'dialog[open], [role="dialog"], [role="alertdialog"], [aria-modal="true"]'

/**
 * "Quick hide": one tap (or Esc, when no dialog is open) covers the screen with a plain page and
 * signs this device out. For a partner who may be looked over the shoulder.
 */
export function QuickHide() {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      if (document.querySelector(OPEN_DIALOG)) return
      hideNow()
    }
    document.addEventListener('keydown', onKey)
    window.addEventListener('pageshow', coverRestoredPage)
    return () => {
      document.removeEventListener('keydown', onKey)
      window.removeEventListener('pageshow', coverRestoredPage)
    }
  }, [])

  return (
    <button
      type="button"
      className="button quick-hide"
      aria-keyshortcuts="Escape"
      title="Covers the screen at once (or press Esc)"
      onClick={hideNow}
    >
      Quick hide
    </button>
  )
}
