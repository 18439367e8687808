import { LOCAL_ORIGIN, createNotesDoc, createNotesStore } from '@session-board/board'
import type { NotesDoc, NotesStore } from '@session-board/board'
import type { WebsocketProvider } from 'y-websocket'
import type { TokenSource } from './connectToken.ts'
import { openTokenSocket } from './tokenSocket.ts'

export type NotesPhase = 'connecting' | 'saving' | 'saved' | 'offline' | 'closed'

export interface NotesState {
  phase: NotesPhase
  /** The server's copy has arrived at least once, so what is shown is the therapist's real notes. */
  loaded: boolean
}

export interface NotesStateStore {
  subscribe(listener: () => void): () => void
  getSnapshot(): NotesState
}

/** The therapist's private notes of one session: their own document, on their own socket. */
export interface NotesSync {
  doc: NotesDoc
  notes: NotesStore
  state: NotesStateStore
  destroy(): void
}

/** How long typing must pause before the notes count as saved; keeps the state from flickering. */
const SETTLE_MS = 600

/**
 * "Saved" means the change has left this browser on a synced socket (y-websocket has no per-update
 * acknowledgement); while offline, changes stay in this tab and go out on the next sync.
 */
function createNotesState(doc: NotesDoc, provider: WebsocketProvider) {
  let state: NotesState = { phase: 'connecting', loaded: false }
  let settleTimer: ReturnType<typeof setTimeout> | undefined
  const listeners = new Set<() => void>()
  const set = (patch: Partial<NotesState>) => {
    const next = { ...state, ...patch }
    if (next.phase === state.phase && next.loaded === state.loaded) return
    state = next
    for (const listener of listeners) listener()
  }
  const live = () => provider.wsconnected && provider.synced

  const settle = () => {
    clearTimeout(settleTimer)
    if (state.phase === 'closed') return
    if (!live()) return set({ phase: state.loaded ? 'offline' : 'connecting' })
    if ((provider.ws?.bufferedAmount ?? 0) > 0) {
      set({ phase: 'saving' })
      settleTimer = setTimeout(settle, 150)
      return
    }
    set({ phase: 'saved' })
  }

  const onSync = (synced: boolean) => {
    if (!synced) return
    set({ loaded: true })
    settle()
  }
  const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
    if (status === 'disconnected') set({ phase: state.loaded ? 'offline' : 'connecting' })
    else if (state.phase === 'closed') set({ phase: 'connecting' })
  }
  const onClosed = () => set({ phase: 'closed' })
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin !== LOCAL_ORIGIN || !live()) return
    set({ phase: 'saving' })
    clearTimeout(settleTimer)
    settleTimer = setTimeout(settle, SETTLE_MS)
  }
  provider.on('sync', onSync)
  provider.on('status', onStatus)
  provider.on('closed', onClosed)
  doc.on('update', onUpdate)

  const store: NotesStateStore = {
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    getSnapshot: () => state,
  }
  const destroy = () => {
    clearTimeout(settleTimer)
    provider.off('sync', onSync)
    provider.off('status', onStatus)
    provider.off('closed', onClosed)
    doc.off('update', onUpdate)
  }
  return { store, destroy }
}

export interface OpenNotesOptions {
  sessionId: string
  /** Connect tokens for the notes document (target 'notes'), which only the therapist can get. */
  tokens: TokenSource
  onAccessLost: () => void
}

export function openNotes({ sessionId, tokens, onAccessLost }: OpenNotesOptions): NotesSync {
  const doc = createNotesDoc()
  const socket = openTokenSocket({
    room: `${sessionId}/notes`,
    doc,
    tokens,
    // The server accepts any change to the notes from their therapist; a refusal would mean the
    // login changed hands, and the socket stays closed.
    onRefused: () => undefined,
    onAccessLost,
  })
  const notesState = createNotesState(doc, socket.provider)
  return {
    doc,
    notes: createNotesStore(doc),
    state: notesState.store,
    destroy() {
      notesState.destroy()
      socket.destroy()
      doc.destroy()
    },
  }
}
