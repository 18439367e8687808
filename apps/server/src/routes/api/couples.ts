import type { BoardDoc } from '@session-board/board'
import { selectMeetings } from '@session-board/board'
import type { CoupleDetail, CoupleSummary, MeetingHistory } from '@session-board/protocol'
import {
  apiErrorSchema,
  caseloadSchema,
  connectTokenRequestSchema,
  connectTokenSchema,
  coupleDetailSchema,
  coupleParamsSchema,
  coupleSessionCreatedSchema,
  coupleSummarySchema,
  createCoupleSchema,
  createCoupleSessionSchema,
  partnerSelfSchema,
  updateCoupleSchema,
} from '@session-board/protocol'
import { Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import { participantCookie } from '../../access/cookies.ts'
import type { Access } from '../../access/context.ts'
import type { CoupleRow } from '../../access/couples.ts'
import type { ParticipantRow } from '../../access/invitations.ts'
import type { Meetings } from '../../access/meetings.ts'
import { sessionState } from '../../access/sessions.ts'
import { BODY_LIMITS, limitBody } from './bodyLimits.ts'
import { connectTokenFor, requireTherapist, scopePerson } from './guards.ts'
import { summarize } from './present.ts'
import { createCoupleSession } from './sessions.ts'
import { body, describe, fail, notFound, params } from './validation.ts'

/** A couple as the caseload lists it. */
export async function coupleSummary(access: Access, couple: CoupleRow): Promise<CoupleSummary> {
  const sessions = await access.sessions.listForCouple(couple.id)
  const past = sessions.filter((session) => session.endedAt !== null)
  const next = sessions
    .filter((session) => sessionState(session) === 'upcoming')
    .map((session) => session.scheduledFor ?? session.createdAt)
    .sort((a, b) => a - b)[0]
  return {
    id: couple.id,
    partnerAName: couple.partnerAName,
    partnerBName: couple.partnerBName,
    programStart: couple.programStart,
    phase: couple.phase,
    createdAt: couple.createdAt,
    liveSessionId: (await access.sessions.liveFor(couple.id))?.id ?? null,
    pastSessions: past.length,
    lastSessionAt: past.reduce<number | null>(
      (last, session) => Math.max(last ?? 0, session.endedAt ?? 0),
      null,
    ),
    nextSessionAt: next ?? null,
  }
}

/** The couple's finished meetings, newest first, read from the couple's document. */
async function historyOf(access: Access, coupleId: string): Promise<MeetingHistory[]> {
  let history: MeetingHistory[] = []
  // A write that changes nothing: it only reads the document, loading it first if nobody is in it.
  await access.registry.write(coupleId, (doc: BoardDoc) => {
    history = selectMeetings(doc)
      .map((meeting) => ({
        sessionId: meeting.sessionId,
        title: meeting.title,
        startedAt: meeting.startedAt,
        endedAt: meeting.endedAt,
        huddles: meeting.huddleRunIds.length,
        reviewCards: meeting.review.length,
        floorTurns: meeting.floorTurns.length,
        experiment: meeting.experiment
          ? `If ${meeting.experiment.condition}, then ${meeting.experiment.action}`
          : null,
      }))
      .reverse()
  })
  return history
}

/** The therapist's caseload: couples, each couple's page, and starting its next session. */
export function coupleRoutes(access: Access, meetings: Meetings) {
  const { couples, sessions, audit } = access

  const owned = async (coupleId: string, therapistId: string): Promise<CoupleRow> =>
    (await couples.ownedBy(coupleId, therapistId)) ?? notFound()

  return new Hono()
    .post(
      '/:coupleId/connect-token',
      describe('A short-lived token for the couple’s plan on the sync socket', 'couples', {
        200: connectTokenSchema,
        401: apiErrorSchema,
        403: apiErrorSchema,
      }),
      limitBody(BODY_LIMITS.small),
      params(coupleParamsSchema),
      body(connectTokenRequestSchema),
      async (c) => {
        const couple = (await couples.byId(c.req.valid('param').coupleId)) ?? notFound()
        if (c.req.valid('json').target !== 'board')
          fail(403, 'needs_session', 'Between sessions only the plan can be opened.')
        const person = await scopePerson(access, c, { id: couple.id, couple, session: null })
        if (person.role === 'observer') fail(403, 'observer', 'Observers come to a session, not to the plan.')
        return c.json(connectTokenFor(access, person, couple.id, 'board'), 200)
      },
    )
    .use(requireTherapist(access))
    .get(
      '/',
      describe('The therapist’s caseload: their couples', 'couples', {
        200: caseloadSchema,
        401: apiErrorSchema,
      }),
      async (c) => {
        const list: CoupleSummary[] = []
        for (const couple of await couples.listFor(c.get('therapist').id))
          list.push(await coupleSummary(access, couple))
        return c.json({ couples: list }, 200)
      },
    )
    .post(
      '/',
      describe('Add a couple to the caseload', 'couples', { 201: coupleSummarySchema, 400: apiErrorSchema }),
      limitBody(BODY_LIMITS.small),
      body(createCoupleSchema),
      async (c) => {
        const input = c.req.valid('json')
        const therapistId = c.get('therapist').id
        const couple = await couples.create({ therapistId, ...input })
        await meetings.coupleChanged(couple)
        audit.record({
          action: 'couple_created',
          actorRole: 'therapist',
          actorId: therapistId,
          subjectId: couple.id,
        })
        return c.json(await coupleSummary(access, couple), 201)
      },
    )
    .get(
      '/:coupleId',
      describe('A couple’s page: sessions past, live and upcoming, and the history of meetings', 'couples', {
        200: coupleDetailSchema,
        404: apiErrorSchema,
      }),
      params(coupleParamsSchema),
      async (c) => {
        const couple = await owned(c.req.valid('param').coupleId, c.get('therapist').id)
        const detail: CoupleDetail = {
          couple: await coupleSummary(access, couple),
          sessions: { live: [], upcoming: [], past: [] },
          history: await historyOf(access, couple.id),
        }
        for (const session of await sessions.listForCouple(couple.id)) {
          detail.sessions[sessionState(session)].push(summarize(access, session))
        }
        detail.sessions.past.reverse()
        return c.json(detail, 200)
      },
    )
    .patch(
      '/:coupleId',
      describe('Rename a partner, or change the program’s start or phase', 'couples', {
        200: coupleSummarySchema,
        404: apiErrorSchema,
      }),
      limitBody(BODY_LIMITS.small),
      params(coupleParamsSchema),
      body(updateCoupleSchema),
      async (c) => {
        const therapistId = c.get('therapist').id
        const couple = await owned(c.req.valid('param').coupleId, therapistId)
        const changes = c.req.valid('json')
        const updated = (await couples.update(couple.id, changes)) ?? notFound()
        await meetings.coupleChanged(updated)
        audit.record({
          action: 'couple_updated',
          actorRole: 'therapist',
          actorId: therapistId,
          subjectId: couple.id,
          // Which fields changed, never their values.
          detail: Object.keys(changes).sort().join(','),
        })
        return c.json(await coupleSummary(access, updated), 200)
      },
    )
    .post(
      '/:coupleId/sessions',
      describe('Start the couple’s next session (or plan one for later)', 'couples', {
        201: coupleSessionCreatedSchema,
        404: apiErrorSchema,
      }),
      limitBody(BODY_LIMITS.small),
      params(coupleParamsSchema),
      body(createCoupleSessionSchema),
      async (c) => {
        const couple = await owned(c.req.valid('param').coupleId, c.get('therapist').id)
        const input = c.req.valid('json')
        const count = (await sessions.listForCouple(couple.id)).length
        const { session, invitations } = await createCoupleSession(access, meetings, couple, {
          title: input.title ?? `Session ${count + 1}`,
          scheduledFor: input.scheduledFor ?? null,
          start: input.start,
          observers: input.observers,
          partnerLinks: false,
        })
        return c.json({ session: summarize(access, session), invitations }, 201)
      },
    )
}

/** A partner's own device asks who they are: their couple, their role, and a session running now. */
export function partnerSelfRoutes(access: Access) {
  return new Hono().get(
    '/',
    describe('The signed-in partner: their couple and a live session', 'couples', {
      200: partnerSelfSchema,
      401: apiErrorSchema,
    }),
    async (c) => {
      // The device's partner cookie is named after the couple; the page does not know which couple.
      const shown: Array<ParticipantRow | null> = []
      for (const [name, secret] of Object.entries(getCookie(c))) {
        if (name.startsWith(participantCookie('cpl_')))
          shown.push(await access.invitations.participantByCookie(secret))
      }
      const participant = shown.find((row) => row !== null && row.role !== 'observer') ?? null
      if (!participant)
        return fail(401, 'not_signed_in', 'Please sign in with your passkey or open your link.')
      const couple = (await access.couples.byId(participant.coupleId)) ?? notFound()
      return c.json(
        {
          coupleId: couple.id,
          role: participant.role,
          personId: participant.id,
          displayName: participant.displayName,
          partnerAName: couple.partnerAName,
          partnerBName: couple.partnerBName,
          liveSessionId: (await access.sessions.liveFor(couple.id))?.id ?? null,
        },
        200,
      )
    },
  )
}
