import { createContext, useContext, useSyncExternalStore } from 'react'
import type { BoardSnapshot, PartnerRole, SessionStatus } from '@session-board/board'
import type { Presence } from '@session-board/protocol'
import type { ConnectionState } from '../../lib/connection.ts'
import type { SessionSync } from '../../lib/sync.ts'

export interface SessionContextValue {
  sessionId: string
  sync: SessionSync
  me: Presence
  /**
   * Observers look on, and partners only read an ended session. The server enforces this on every
   * change; the UI only avoids offering what would be refused.
   */
  canEdit: boolean
}

export const SessionContext = createContext<SessionContextValue | null>(null)

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession is used outside an open session.')
  return value
}

export function useBoard(): BoardSnapshot {
  const { board } = useSession().sync
  return useSyncExternalStore(board.subscribe, board.getSnapshot)
}

export function useSessionStatus(sync: SessionSync): SessionStatus {
  return useSyncExternalStore(sync.status.subscribe, sync.status.getSnapshot)
}

export function useConnection(): ConnectionState {
  const { connection } = useSession().sync
  return useSyncExternalStore(connection.subscribe, connection.getSnapshot)
}

/** The partner's name as the therapist wrote it, or a neutral stand-in. */
export function partnerName(snapshot: BoardSnapshot, partner: PartnerRole): string {
  const name = partner === 'partnerA' ? snapshot.session.partnerAName : snapshot.session.partnerBName
  return name.trim() || (partner === 'partnerA' ? 'Partner A' : 'Partner B')
}
