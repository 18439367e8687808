import {
  archiveMeeting,
  selectCurrentMeetingId,
  startMeeting,
  writeCoupleInfo,
  writeSessionStatus,
} from '@session-board/board'
import type { Access } from './context.ts'
import type { CoupleRow } from './couples.ts'
import type { SessionRow } from './sessions.ts'

/**
 * A session's life on the couple's one document: starting it clears the last meeting's live parts
 * (huddle, floor, reveal, review board) for this one, and ending it keeps a record of the meeting in
 * the couple's history. The plan itself is never touched by either.
 */
export function createMeetings(access: Access) {
  const { sessions, liveSessions, registry, audit } = access

  const end = async (session: SessionRow, therapistId: string): Promise<void> => {
    await sessions.setEnded(session.id, true)
    liveSessions.set(session.id, false)
    const ended = (await sessions.byId(session.id)) ?? session
    // Ending the session ends its call: everyone is taken out of the room and the room is closed.
    await access.call.endCall(session.id)
    await registry.write(session.coupleId, (doc) => {
      // Only the meeting this document holds can be archived from it; an older one already was.
      if (selectCurrentMeetingId(doc) !== session.id) return
      archiveMeeting(doc, {
        sessionId: session.id,
        title: session.title,
        startedAt: ended.startedAt ?? ended.createdAt,
        endedAt: ended.endedAt ?? access.now(),
      })
      // Connected boards learn it from the document and turn read-only for the partners.
      writeSessionStatus(doc, 'ended')
    })
    audit.record({
      action: 'session_ended',
      sessionId: session.id,
      actorRole: 'therapist',
      actorId: therapistId,
    })
  }

  return {
    /** Starts a session: a couple's other live session ends first (one meeting at a time). */
    async start(session: SessionRow, therapistId: string): Promise<SessionRow> {
      const live = await sessions.liveFor(session.coupleId)
      if (live && live.id !== session.id) await end(live, therapistId)
      await sessions.setStarted(session.id)
      liveSessions.set(session.id, true)
      await registry.write(session.coupleId, (doc) => {
        startMeeting(doc, { sessionId: session.id, title: session.title })
        writeSessionStatus(doc, 'open')
      })
      audit.record({
        action: 'session_started',
        sessionId: session.id,
        actorRole: 'therapist',
        actorId: therapistId,
      })
      return (await sessions.byId(session.id)) ?? session
    },
    end,
    /**
     * Opens an ended session again. Only the couple's latest session can be, and only while no other
     * runs: the document's live meeting must still be its own.
     */
    async reopen(session: SessionRow, therapistId: string): Promise<'reopened' | 'not_latest'> {
      const latest = await sessions.latestStartedFor(session.coupleId)
      if (latest?.id !== session.id) return 'not_latest'
      await sessions.setEnded(session.id, false)
      liveSessions.set(session.id, true)
      await registry.write(session.coupleId, (doc) => writeSessionStatus(doc, 'open'))
      audit.record({
        action: 'session_reopened',
        sessionId: session.id,
        actorRole: 'therapist',
        actorId: therapistId,
      })
      return 'reopened'
    },
    /** The couple's names, start and phase, as the boards show them. */
    async coupleChanged(couple: CoupleRow): Promise<void> {
      await registry.write(couple.id, (doc) =>
        writeCoupleInfo(doc, {
          partnerAName: couple.partnerAName,
          partnerBName: couple.partnerBName,
          programStart: couple.programStart,
          phase: couple.phase,
        }),
      )
    },
  }
}

export type Meetings = ReturnType<typeof createMeetings>
