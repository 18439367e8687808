import { apiErrorSchema, auditListSchema, sessionParamsSchema } from '@session-board/protocol'
import { Hono } from 'hono'
import type { Access } from '../../access/context.ts'
import { auditToCsv } from '../../access/audit.ts'
import { requireTherapist } from './guards.ts'
import { describe, notFound, params } from './validation.ts'

/** The audit trail of one session, for its therapist: as JSON, or exported as CSV (itself recorded). */
export function auditRoutes(access: Access) {
  const { sessions, audit } = access
  return new Hono()
    .use(requireTherapist(access))
    .get(
      '/:sessionId',
      describe('A session’s audit trail', 'audit', { 200: auditListSchema, 404: apiErrorSchema }),
      params(sessionParamsSchema),
      async (c) => {
        const session =
          (await sessions.ownedBy(c.req.valid('param').sessionId, c.get('therapist').id)) ?? notFound()
        return c.json({ entries: await audit.forSession(session.id) }, 200)
      },
    )
    .get(
      '/:sessionId/export.csv',
      describe('Export a session’s audit trail as CSV', 'audit', { 200: 'text/csv', 404: apiErrorSchema }),
      params(sessionParamsSchema),
      async (c) => {
        const therapistId = c.get('therapist').id
        const session = (await sessions.ownedBy(c.req.valid('param').sessionId, therapistId)) ?? notFound()
        audit.record({
          action: 'audit_exported',
          sessionId: session.id,
          actorRole: 'therapist',
          actorId: therapistId,
        })
        c.header('content-type', 'text/csv; charset=utf-8')
        c.header('content-disposition', `attachment; filename="audit-${session.id}.csv"`)
        return c.body(auditToCsv(await audit.forSession(session.id)), 200)
      },
    )
}
