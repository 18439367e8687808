import { useSyncExternalStore } from 'react'
import { goToSignInAfterIdle } from '../../lib/auth.ts'
import type { TokenSource } from '../../lib/connectToken.ts'
import { openNotes } from '../../lib/notesSync.ts'
import type { NotesState, NotesSync } from '../../lib/notesSync.ts'
import { useSideDocument } from '../../lib/useSideDocument.ts'
import type { SideDocumentOpening } from '../../lib/useSideDocument.ts'

export type NotesOpening = SideDocumentOpening<NotesSync>

const openTherapistNotes = (sessionId: string, tokens: TokenSource) =>
  openNotes({ sessionId, tokens, onAccessLost: goToSignInAfterIdle })

/**
 * Opens the session's private notes: asks for a notes connect token (which the server gives only to
 * the therapist who runs the session), then its own socket. Mounted on the therapist's board only.
 */
export function useNotesSync(sessionId: string): NotesOpening {
  return useSideDocument(sessionId, 'notes', openTherapistNotes)
}

export function useNotesText(sync: NotesSync): string {
  return useSyncExternalStore(sync.notes.subscribe, sync.notes.getSnapshot)
}

export function useNotesState(sync: NotesSync): NotesState {
  return useSyncExternalStore(sync.state.subscribe, sync.state.getSnapshot)
}

const noSubscription = () => () => {}

/** Whether the notes hold any text yet (false while they are still opening). */
export function useHasNotes(sync: NotesSync | null): boolean {
  return useSyncExternalStore(sync?.notes.subscribe ?? noSubscription, () =>
    sync ? sync.notes.getSnapshot().trim() !== '' : false,
  )
}
