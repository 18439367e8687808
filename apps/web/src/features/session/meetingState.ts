import { useSyncExternalStore } from 'react'
import { selectCurrentMeetingId, selectMeetings, selectSessionStatus } from '@session-board/board'
import type { BoardDoc } from '@session-board/board'
import type { SessionSync } from '../../lib/sync.ts'

/**
 * Where one session stands, read from its couple's document (every session of a couple opens the same
 * document, whose live part belongs to one meeting at a time):
 * - live: its meeting is the couple's current one, open;
 * - ended: its meeting is the current one, ended (the therapist may reopen it);
 * - past: an earlier meeting, archived; the live part has moved on to a later one;
 * - upcoming: planned, never started.
 */
export type MeetingState = 'live' | 'ended' | 'past' | 'upcoming'

export function meetingStateOf(doc: BoardDoc, sessionId: string): MeetingState {
  if (selectCurrentMeetingId(doc) === sessionId) {
    return selectSessionStatus(doc) === 'ended' ? 'ended' : 'live'
  }
  return selectMeetings(doc).some((meeting) => meeting.sessionId === sessionId) ? 'past' : 'upcoming'
}

/** Boards that have received the server's copy at least once (an empty document says nothing yet). */
const loaded = new WeakSet<SessionSync>()

function hasLoaded(sync: SessionSync): boolean {
  if (sync.provider.synced) loaded.add(sync)
  return loaded.has(sync)
}

/** This session's state, or null until the document has come from the server. */
export function useMeetingState(sync: SessionSync, sessionId: string): MeetingState | null {
  const synced = useSyncExternalStore(sync.connection.subscribe, () => hasLoaded(sync))
  const state = useSyncExternalStore(sync.status.subscribe, () => meetingStateOf(sync.doc, sessionId))
  return synced ? state : null
}

/** The couple's current meeting and whether it is open, as one value that changes when either does. */
export function useCurrentMeeting(sync: SessionSync): string {
  return useSyncExternalStore(
    sync.status.subscribe,
    () => `${selectCurrentMeetingId(sync.doc)}:${selectSessionStatus(sync.doc)}`,
  )
}
