import type { SessionSummary } from '@session-board/protocol'
import type { Access } from '../../access/context.ts'
import type { SessionRow } from '../../access/sessions.ts'

/** A session as the dashboard lists it, with who is connected right now (one entry per person). */
export function summarize(access: Access, session: SessionRow): SessionSummary {
  const present = new Map<string, SessionSummary['present'][number]>()
  for (const identity of access.registry.presentIn(session.id)) {
    if (identity.kind === 'person')
      present.set(identity.personId, { role: identity.role, personId: identity.personId })
  }
  return {
    id: session.id,
    coupleId: session.coupleId,
    title: session.title,
    status: session.endedAt === null ? 'open' : 'ended',
    startedAt: session.startedAt,
    scheduledFor: session.scheduledFor,
    createdAt: session.createdAt,
    endedAt: session.endedAt,
    present: [...present.values()],
  }
}
