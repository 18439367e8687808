import { migrateBoard, updateSessionInfo, writeSessionStatus } from '@session-board/board'
import type { Dashboard, InviteeRole } from '@session-board/protocol'
import {
  apiErrorSchema,
  connectTokenRequestSchema,
  connectTokenSchema,
  createSessionSchema,
  dashboardSchema,
  invitationSchema,
  sessionParamsSchema,
  sessionSummarySchema,
} from '@session-board/protocol'
import { Hono } from 'hono'
import { z } from 'zod'
import type { Access } from '../../access/context.ts'
import { issueInvitation } from './invitations.ts'
import { BODY_LIMITS, limitBody } from './bodyLimits.ts'
import { requireTherapist, sessionPerson } from './guards.ts'
import { summarize } from './present.ts'
import { body, describe, fail, notFound, params } from './validation.ts'

const createdSchema = z.object({ session: sessionSummarySchema, invitations: z.array(invitationSchema) })

/** The therapist's sessions: the dashboard, creating, ending and reopening; connect tokens for everyone. */
export function sessionRoutes(access: Access) {
  const { sessions, audit, registry, signer, config, now, huddleHistory } = access

  const setStatus = async (sessionId: string, therapistId: string, ended: boolean) => {
    sessions.setEnded(sessionId, ended)
    // Ending the session ends its call: everyone is taken out of the room and the room is closed.
    if (ended) await access.call.endCall(sessionId)
    // Connected boards learn it from the document and turn read-only (or editable again).
    await registry.write(sessionId, (doc) => writeSessionStatus(doc, ended ? 'ended' : 'open'))
    audit.record({
      action: ended ? 'session_ended' : 'session_reopened',
      sessionId,
      actorRole: 'therapist',
      actorId: therapistId,
    })
  }

  return new Hono()
    .post(
      '/:sessionId/connect-token',
      describe('A short-lived token for the sync socket (?token=)', 'sessions', {
        200: connectTokenSchema,
        401: apiErrorSchema,
        403: apiErrorSchema,
      }),
      limitBody(BODY_LIMITS.small),
      params(sessionParamsSchema),
      body(connectTokenRequestSchema),
      (c) => {
        const { sessionId } = c.req.valid('param')
        const { target } = c.req.valid('json')
        const session = sessions.byId(sessionId) ?? notFound()
        const person = sessionPerson(access, c, session)
        if (person.role === 'therapist' && target === 'scores')
          fail(403, 'scores_forbidden', 'The partners’ grid scores stay private until you reveal them.')
        if (person.role !== 'therapist' && target === 'notes')
          fail(403, 'notes_forbidden', 'The notes are the therapist’s alone.')
        if (person.role === 'observer' && target === 'scores')
          fail(403, 'scores_forbidden', 'Only the partners score the decision grid.')
        const expiresAt = now() + config.connectTokenTtlMs
        const token = signer.sign({
          typ: 'connect',
          sid: sessionId,
          doc: target,
          ...(person.kind === 'login'
            ? { kind: 'login' as const, sub: person.login.id }
            : { kind: 'participant' as const, sub: person.participant.id }),
          exp: expiresAt,
        })
        const { role, personId, displayName } = person
        return c.json({ token, expiresAt, role, personId, displayName }, 200)
      },
    )
    .use(requireTherapist(access))
    .get(
      '/',
      describe('The dashboard: upcoming, live and ended sessions', 'sessions', {
        200: dashboardSchema,
        401: apiErrorSchema,
      }),
      (c) => {
        const dashboard: Dashboard = { upcoming: [], live: [], ended: [] }
        for (const session of sessions.listFor(c.get('therapist').id)) {
          const summary = summarize(access, session)
          if (summary.status === 'ended') dashboard.ended.push(summary)
          else if (summary.present.length > 0) dashboard.live.push(summary)
          else dashboard.upcoming.push(summary)
        }
        return c.json(dashboard, 200)
      },
    )
    .post(
      '/',
      describe('Create a couple’s session with its invitation links', 'sessions', {
        201: createdSchema,
        400: apiErrorSchema,
      }),
      limitBody(BODY_LIMITS.createSession),
      body(createSessionSchema),
      async (c) => {
        const input = c.req.valid('json')
        const therapistId = c.get('therapist').id
        const session = sessions.create({
          therapistId,
          title: input.title,
          partnerAName: input.partnerAName,
          partnerBName: input.partnerBName,
          scheduledFor: input.scheduledFor ?? null,
        })
        await registry.write(session.id, (doc) => {
          migrateBoard(doc)
          updateSessionInfo(doc, {
            title: input.title,
            partnerAName: input.partnerAName,
            partnerBName: input.partnerBName,
          })
          writeSessionStatus(doc, 'open')
        })
        // The couple's last huddle, if they had one in an earlier session, is on the new board too.
        await huddleHistory.intoNewSession(session.id)
        audit.record({
          action: 'session_created',
          sessionId: session.id,
          actorRole: 'therapist',
          actorId: therapistId,
        })
        const roles: InviteeRole[] = [
          'partnerA',
          'partnerB',
          ...Array.from({ length: input.observers }, () => 'observer' as const),
        ]
        const issued = roles.map((role) =>
          issueInvitation(access, session.id, role, therapistId, config.invitationTtlMs),
        )
        return c.json({ session: summarize(access, session), invitations: issued }, 201)
      },
    )
    .get(
      '/:sessionId',
      describe('One session', 'sessions', { 200: sessionSummarySchema, 404: apiErrorSchema }),
      params(sessionParamsSchema),
      (c) => {
        const session = sessions.ownedBy(c.req.valid('param').sessionId, c.get('therapist').id) ?? notFound()
        return c.json(summarize(access, session), 200)
      },
    )
    .post(
      '/:sessionId/end',
      describe('End the session: the board turns read-only for the partners', 'sessions', {
        200: sessionSummarySchema,
        404: apiErrorSchema,
      }),
      params(sessionParamsSchema),
      async (c) => {
        const session = sessions.ownedBy(c.req.valid('param').sessionId, c.get('therapist').id) ?? notFound()
        await setStatus(session.id, session.therapistId, true)
        return c.json(summarize(access, sessions.byId(session.id) ?? session), 200)
      },
    )
    .post(
      '/:sessionId/reopen',
      describe('Reopen an ended session', 'sessions', { 200: sessionSummarySchema, 404: apiErrorSchema }),
      params(sessionParamsSchema),
      async (c) => {
        const session = sessions.ownedBy(c.req.valid('param').sessionId, c.get('therapist').id) ?? notFound()
        await setStatus(session.id, session.therapistId, false)
        return c.json(summarize(access, sessions.byId(session.id) ?? session), 200)
      },
    )
}
