import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import { useSession } from './SessionContext.tsx'

/** Where the browser's own text undo applies, so the board's undo stays out of the way. */
const textInputTypes = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', ''])

function editsText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true
  return target instanceof HTMLInputElement && textInputTypes.has(target.type)
}

/** The goal canvas maps its own undo shortcut to the same history; handling it twice would undo twice. */
function insideCanvas(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('.tl-container') !== null
}

/**
 * Undo and redo of this person's own changes, as buttons and as Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z and
 * Ctrl+Y outside text fields. Only rendered for someone who may write to the board.
 */
export function UndoControls() {
  const { undo } = useSession().sync
  const { canUndo, canRedo } = useSyncExternalStore(undo.subscribe, undo.getSnapshot)
  const [announcement, setAnnouncement] = useState('')

  const run = useCallback(
    (step: 'undo' | 'redo') => {
      if (step === 'undo' ? !undo.canUndo() : !undo.canRedo()) return
      undo[step]()
      setAnnouncement(step === 'undo' ? 'Your last change was undone.' : 'Your change was made again.')
    },
    [undo],
  )

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (
        !(event.ctrlKey || event.metaKey) ||
        event.altKey ||
        editsText(event.target) ||
        insideCanvas(event.target)
      )
        return
      const key = event.key.toLowerCase()
      if (key === 'z') run(event.shiftKey ? 'redo' : 'undo')
      else if (key === 'y' && event.ctrlKey && !event.shiftKey) run('redo')
      else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [run])

  // aria-disabled rather than disabled: the button keeps its focus when its last step is used up.
  return (
    <div className="undo-controls" role="group" aria-label="Your changes">
      <button
        type="button"
        className="button button--quiet button--small"
        aria-disabled={!canUndo}
        aria-keyshortcuts="Control+Z Meta+Z"
        title="Undo your last change (Ctrl+Z)"
        onClick={() => run('undo')}
      >
        Undo
      </button>
      <button
        type="button"
        className="button button--quiet button--small"
        aria-disabled={!canRedo}
        aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
        title="Redo (Ctrl+Shift+Z)"
        onClick={() => run('redo')}
      >
        Redo
      </button>
      <span className="visually-hidden" aria-live="polite">
        {announcement}
      </span>
    </div>
  )
}
