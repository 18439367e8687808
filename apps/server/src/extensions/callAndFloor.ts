import { movesCallMuting } from '@session-board/board'
import type { LiveSessions } from '../access/liveSessions.ts'
import type { CallService } from '../livekit/call.ts'
import type { Logger } from '../log.ts'
import { errorMessage } from '../log.ts'
import type { SyncExtension } from '../sync/extension.ts'

/**
 * The session's video call follows the board: the therapist opening a live session's board opens its
 * room, and once a change to who holds the floor (or to listener muting) is stored, the call's
 * microphones follow it.
 */
export function callAndFloor(options: {
  call: CallService
  liveSessions: LiveSessions
  log: Logger
}): SyncExtension {
  const { call, liveSessions, log } = options
  return {
    name: 'callAndFloor',
    onJoin({ identity, sessionId, target }) {
      // The couple's page, a planned session's board and an ended one open no room.
      if (identity.kind !== 'person' || identity.role !== 'therapist' || target !== 'board') return
      if (!call.available || !liveSessions.isLive(sessionId)) return
      call
        .openRoom(sessionId)
        .catch((error: unknown) => log.warn('call.open_failed', { sessionId, error: errorMessage(error) }))
    },
    afterStore({ who, changes }) {
      if (who.target !== 'board' || !call.available || !liveSessions.isLive(who.sessionId)) return
      const report = changes()
      if (!report.ok || !report.changes.some(({ path }) => movesCallMuting(path))) return
      setImmediate(() => void call.floorChanged(who.sessionId))
    },
  }
}
