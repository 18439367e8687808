import type { Dashboard, Invitation, InviteeRole } from '@session-board/protocol'
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
import type { CoupleRow } from '../../access/couples.ts'
import type { Meetings } from '../../access/meetings.ts'
import type { SessionRow } from '../../access/sessions.ts'
import { issueInvitation } from './invitations.ts'
import { BODY_LIMITS, limitBody } from './bodyLimits.ts'
import { connectTokenFor, requireTherapist, sessionPerson } from './guards.ts'
import { summarize } from './present.ts'
import { body, describe, fail, notFound, params } from './validation.ts'

const createdSchema = z.object({ session: sessionSummarySchema, invitations: z.array(invitationSchema) })

/**
 * A new session of a couple, with its observers' links; started at once unless only planned. The
 * partners' links belong to the couple and are issued on the couple's page (or, for a couple made here,
 * with its first session).
 */
export async function createCoupleSession(
  access: Access,
  meetings: Meetings,
  couple: CoupleRow,
  input: {
    title: string
    scheduledFor: number | null
    start: boolean
    observers: number
    partnerLinks: boolean
  },
): Promise<{ session: SessionRow; invitations: Invitation[] }> {
  const { sessions, audit, config } = access
  let session = await sessions.create({
    therapistId: couple.therapistId,
    coupleId: couple.id,
    title: input.title,
    scheduledFor: input.scheduledFor,
    names: { partnerAName: couple.partnerAName, partnerBName: couple.partnerBName },
  })
  audit.record({
    action: 'session_created',
    sessionId: session.id,
    actorRole: 'therapist',
    actorId: couple.therapistId,
  })
  if (input.start) session = await meetings.start(session, couple.therapistId)
  const roles: InviteeRole[] = [
    ...(input.partnerLinks ? (['partnerA', 'partnerB'] as const) : []),
    ...Array.from({ length: input.observers }, () => 'observer' as const),
  ]
  const invitations: Invitation[] = []
  for (const role of roles)
    invitations.push(
      await issueInvitation(access, session.id, role, couple.therapistId, config.invitationTtlMs),
    )
  return { session, invitations }
}

/** The therapist's sessions: the dashboard, creating, ending and reopening; connect tokens for everyone. */
export function sessionRoutes(access: Access, meetings: Meetings) {
  const { sessions, couples, now } = access

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
      async (c) => {
        const { sessionId } = c.req.valid('param')
        const { target } = c.req.valid('json')
        const session = (await sessions.byId(sessionId)) ?? notFound()
        const person = await sessionPerson(access, c, session)
        if (person.role === 'therapist' && target === 'scores')
          fail(403, 'scores_forbidden', 'The partners’ grid scores stay private until you reveal them.')
        if (person.role !== 'therapist' && target === 'notes')
          fail(403, 'notes_forbidden', 'The notes are the therapist’s alone.')
        if (person.role === 'observer' && target === 'scores')
          fail(403, 'scores_forbidden', 'Only the partners score the decision grid.')
        return c.json(connectTokenFor(access, person, sessionId, target), 200)
      },
    )
    .use(requireTherapist(access))
    .get(
      '/',
      describe('The dashboard: upcoming, live and ended sessions', 'sessions', {
        200: dashboardSchema,
        401: apiErrorSchema,
      }),
      async (c) => {
        const dashboard: Dashboard = { upcoming: [], live: [], ended: [] }
        for (const session of await sessions.listFor(c.get('therapist').id)) {
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
        // The old way in: the couple is named here, so it is a new couple and this is its first session.
        const couple = await couples.create({
          therapistId,
          partnerAName: input.partnerAName,
          partnerBName: input.partnerBName,
          programStart: new Date(now()).toISOString().slice(0, 10),
          phase: 'intake',
        })
        access.audit.record({
          action: 'couple_created',
          actorRole: 'therapist',
          actorId: therapistId,
          subjectId: couple.id,
        })
        await meetings.coupleChanged(couple)
        const { session, invitations: issued } = await createCoupleSession(access, meetings, couple, {
          title: input.title,
          scheduledFor: input.scheduledFor ?? null,
          start: true,
          observers: input.observers,
          partnerLinks: true,
        })
        return c.json({ session: summarize(access, session), invitations: issued }, 201)
      },
    )
    .get(
      '/:sessionId',
      describe('One session', 'sessions', { 200: sessionSummarySchema, 404: apiErrorSchema }),
      params(sessionParamsSchema),
      async (c) => {
        const session =
          (await sessions.ownedBy(c.req.valid('param').sessionId, c.get('therapist').id)) ?? notFound()
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
        const session =
          (await sessions.ownedBy(c.req.valid('param').sessionId, c.get('therapist').id)) ?? notFound()
        if (session.endedAt === null) await meetings.end(session, session.therapistId)
        return c.json(summarize(access, (await sessions.byId(session.id)) ?? session), 200)
      },
    )
    .post(
      '/:sessionId/reopen',
      describe('Reopen an ended session (the couple’s latest only)', 'sessions', {
        200: sessionSummarySchema,
        404: apiErrorSchema,
        409: apiErrorSchema,
      }),
      params(sessionParamsSchema),
      async (c) => {
        const session =
          (await sessions.ownedBy(c.req.valid('param').sessionId, c.get('therapist').id)) ?? notFound()
        if (
          session.endedAt !== null &&
          (await meetings.reopen(session, session.therapistId)) === 'not_latest'
        )
          fail(
            409,
            'not_latest',
            'Only the couple’s latest session can be reopened; a later one has started since.',
          )
        return c.json(summarize(access, (await sessions.byId(session.id)) ?? session), 200)
      },
    )
    .post(
      '/:sessionId/start',
      describe('Start a planned session (a live one of the same couple ends first)', 'sessions', {
        200: sessionSummarySchema,
        404: apiErrorSchema,
        409: apiErrorSchema,
      }),
      params(sessionParamsSchema),
      async (c) => {
        const session =
          (await sessions.ownedBy(c.req.valid('param').sessionId, c.get('therapist').id)) ?? notFound()
        if (session.endedAt !== null)
          fail(409, 'session_ended', 'This session has ended; plan a new one from the couple’s page.')
        const started =
          session.startedAt === null ? await meetings.start(session, session.therapistId) : session
        return c.json(summarize(access, started), 200)
      },
    )
}
