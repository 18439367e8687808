import { useEffect, useState, useSyncExternalStore } from 'react'
import { describeFailure } from '../../lib/api.ts'
import { goToSignInAfterIdle } from '../../lib/auth.ts'
import { createTokenSource, fetchConnectToken } from '../../lib/connectToken.ts'
import { openNotes } from '../../lib/notesSync.ts'
import type { NotesState, NotesSync } from '../../lib/notesSync.ts'

export type NotesOpening =
  { state: 'opening' } | { state: 'open'; sync: NotesSync } | { state: 'failed'; message: string }

/**
 * Opens the session's private notes: asks for a notes connect token (which the server gives only to
 * the therapist who runs the session), then its own socket. Mounted on the therapist's board only.
 */
export function useNotesSync(sessionId: string): NotesOpening {
  const [opening, setOpening] = useState<NotesOpening>({ state: 'opening' })

  useEffect(() => {
    let active = true
    let opened: NotesSync | null = null
    fetchConnectToken(sessionId, 'notes')
      .then((first) => {
        if (!active) return
        opened = openNotes({
          sessionId,
          tokens: createTokenSource(sessionId, first, 'notes'),
          onAccessLost: goToSignInAfterIdle,
        })
        setOpening({ state: 'open', sync: opened })
      })
      .catch((error: unknown) => {
        if (active) setOpening({ state: 'failed', message: describeFailure(error) })
      })
    return () => {
      active = false
      opened?.destroy()
      setOpening({ state: 'opening' })
    }
  }, [sessionId])

  return opening
}

export function useNotesText(sync: NotesSync): string {
  return useSyncExternalStore(sync.notes.subscribe, sync.notes.getSnapshot)
}

export function useNotesState(sync: NotesSync): NotesState {
  return useSyncExternalStore(sync.state.subscribe, sync.state.getSnapshot)
}
