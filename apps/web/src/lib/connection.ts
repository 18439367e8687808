import { SCHEMA_VERSION, isOwnChange, schemaVersionOf } from '@session-board/board'
import type { BoardDoc } from '@session-board/board'
import { SYNC_CLOSE } from '@session-board/protocol'
import type { WebsocketProvider } from 'y-websocket'

export type ConnectionPhase = 'connecting' | 'live' | 'offline' | 'reconnecting' | 'reconnected' | 'closed'

export interface ConnectionState {
  phase: ConnectionPhase
  /** Local changes made while the board was not in sync with the server. */
  unsent: number
  /** The server's own words when it closed the connection, if it gave any. */
  notice: string | null
  /** Whether the board has arrived from the server at least once (before that, the parts are empty). */
  loaded: boolean
}

export interface ConnectionStore {
  subscribe(listener: () => void): () => void
  getSnapshot(): ConnectionState
  destroy(): void
}

const RECONNECTED_NOTICE_MS = 4000
/** The server migrates every board when it loads it; a board newer than this page needs a newer page. */
const OUTDATED_NOTICE = 'This board was updated. Please reload the page to keep working on it.'
const knownReasons = new Map<number, string>(Object.values(SYNC_CLOSE).map((c) => [c.code, c.reason]))

/**
 * Follows the provider and the document and boils them down to the few states a person needs:
 * is the board live, and if not, how many of my changes are still waiting.
 */
export function createConnectionStore(doc: BoardDoc, provider: WebsocketProvider): ConnectionStore {
  let state: ConnectionState = { phase: 'connecting', unsent: 0, notice: null, loaded: false }
  let everSynced = false
  let lostSinceSync = false
  let reconnectedTimer: ReturnType<typeof setTimeout> | undefined
  const listeners = new Set<() => void>()

  const set = (patch: Partial<ConnectionState>) => {
    const next = { ...state, ...patch }
    if (
      next.phase === state.phase &&
      next.unsent === state.unsent &&
      next.notice === state.notice &&
      next.loaded === state.loaded
    )
      return
    state = next
    for (const listener of listeners) listener()
  }
  const isLive = () => provider.wsconnected && provider.synced
  // Clients never migrate: the board arrives migrated by the server (at every sync, a restart with a
  // newer server included), and a board newer than this page gets a plain word instead of a write.
  const outdatedNotice = () => (schemaVersionOf(doc) > SCHEMA_VERSION ? OUTDATED_NOTICE : null)

  // A closed board can be connected again (a fresh connect token after a 4401), so 'closed' is left here.
  const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
    if (status === 'connected') set({ phase: everSynced ? 'reconnecting' : 'connecting' })
    else if (status === 'disconnected') {
      if (everSynced) lostSinceSync = true
      set({ phase: 'offline' })
    } else if (state.phase !== 'offline') set({ phase: everSynced ? 'reconnecting' : 'connecting' })
  }

  const onSync = (synced: boolean) => {
    if (!synced) return
    everSynced = true
    clearTimeout(reconnectedTimer)
    if (lostSinceSync) {
      lostSinceSync = false
      set({ phase: 'reconnected', unsent: 0, notice: outdatedNotice(), loaded: true })
      reconnectedTimer = setTimeout(() => {
        if (state.phase === 'reconnected') set({ phase: 'live' })
      }, RECONNECTED_NOTICE_MS)
    } else set({ phase: 'live', unsent: 0, notice: outdatedNotice(), loaded: true })
  }

  // Also fires when an attempt fails before the socket opened, which 'status' does not report.
  const onConnectionClose = (event: CloseEvent | null) => {
    if (state.phase === 'closed') return
    if (everSynced) lostSinceSync = true
    const ordinary = !event || event.code === 1000 || event.code === 1005 || event.code === 1006
    set({
      phase: 'offline',
      notice: ordinary ? state.notice : event.reason || knownReasons.get(event.code) || null,
    })
  }

  const onClosed = (event: { code: number; reason: string }) => {
    set({
      phase: 'closed',
      notice: event.reason || knownReasons.get(event.code) || 'The server closed the connection.',
    })
  }

  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (isOwnChange(origin) && !isLive()) set({ unsent: state.unsent + 1 })
  }

  provider.on('status', onStatus)
  provider.on('sync', onSync)
  provider.on('connection-close', onConnectionClose)
  provider.on('closed', onClosed)
  doc.on('update', onUpdate)

  return {
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    getSnapshot: () => state,
    destroy() {
      clearTimeout(reconnectedTimer)
      provider.off('status', onStatus)
      provider.off('sync', onSync)
      provider.off('connection-close', onConnectionClose)
      provider.off('closed', onClosed)
      doc.off('update', onUpdate)
    },
  }
}
