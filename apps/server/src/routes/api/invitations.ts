import {
  acceptInvitationSchema,
  apiErrorSchema,
  awaitingConfirmationSchema,
  invitationPreviewSchema,
  invitationSchema,
  invitationTokenSchema,
  issueInvitationSchema,
  joinAnswerSchema,
  joinRequestParamsSchema,
  participantSchema,
  sessionIdSchema,
} from '@session-board/protocol'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import type { Access } from '../../access/context.ts'
import { cookieOptions, participantCookie } from '../../access/cookies.ts'
import { DEVICE_COOKIE_MAX_AGE_S, deviceLabel } from '../../access/devices.ts'
import { admit } from '../../access/enrolment.ts'
import type { InvitationRow, ParticipantRow } from '../../access/invitations.ts'
import { auditScope, revokeLink } from '../../access/withdrawal.ts'
import { issueInvitation, linkToken, toInvitation } from './invitationLinks.ts'
import { BODY_LIMITS, limitBody } from './bodyLimits.ts'
import { requireTherapist } from './guards.ts'
import { body, describe, fail, notFound, params, query } from './validation.ts'

// Callers from before couples (the session routes) issue links from here.
export { issueInvitation, issuePartnerLink } from './invitationLinks.ts'

/** What a partner or observer agrees to before joining; shown on the join page. */
export const PRIVACY_NOTICE =
  'This board is part of your therapy. What is written here is health information: it is kept on the clinic’s own ' +
  'server, seen only by the two of you, your therapist and anyone your therapist invites to a session, and every ' +
  'join, device and change is recorded in an audit trail. Your private entries are shown to your partner only ' +
  'when your therapist reveals them.'

const REVOKED = 'This invitation link was withdrawn; please ask your therapist for a new one.'

const AWAITING =
  'This device is new to us, so your therapist will confirm it first. Keep this page open: it goes on by itself ' +
  'once they have.'

/** Where a person goes after joining: the observer's session, a partner's live one, else the plan. */
const joined = async (
  access: Access,
  person: ParticipantRow,
): Promise<z.infer<typeof participantSchema>> => ({
  status: 'joined',
  coupleId: person.coupleId,
  sessionId: person.sessionId ?? (await access.sessions.liveFor(person.coupleId))?.id ?? null,
  participantId: person.id,
  role: person.role,
  displayName: person.displayName,
})

/** Invitation links: issue, list, revoke (therapist); preview, accept and a pending device's request. */
export function invitationRoutes(access: Access) {
  const { invitations, sessions, couples, signer, audit, config, now } = access

  const setParticipantCookie = (c: Context, scopeId: string, cookie: string) =>
    setCookie(c, participantCookie(scopeId), cookie, cookieOptions(config.secure, DEVICE_COOKIE_MAX_AGE_S))

  const liveInvitation = async (token: string): Promise<InvitationRow> => {
    const checked = signer.verifyInvite(token, now())
    if (!checked.ok) {
      return checked.problem === 'expired'
        ? fail(
            410,
            'invitation_expired',
            'This invitation link has expired; please ask your therapist for a new one.',
          )
        : fail(400, 'invitation_invalid', 'This invitation link is not valid.')
    }
    const { iid, sid, role } = checked.payload
    const row = await invitations.byId(iid)
    // A partner's link signed before couples names its session; it belongs to that session's couple now.
    const scopeMatches =
      row !== null &&
      (sid === (row.sessionId ?? row.coupleId) ||
        (row.role !== 'observer' && (await sessions.byId(sid))?.coupleId === row.coupleId))
    if (!row || !scopeMatches || row.role !== role) {
      return fail(400, 'invitation_invalid', 'This invitation link is not valid.')
    }
    if (!invitations.isLive(row)) fail(410, 'invitation_revoked', REVOKED)
    return row
  }

  return new Hono()
    .get(
      '/preview',
      describe('What an invitation is for, before accepting it', 'invitations', {
        200: invitationPreviewSchema,
        400: apiErrorSchema,
        410: apiErrorSchema,
      }),
      query(invitationTokenSchema),
      async (c) => {
        const row = await liveInvitation(c.req.valid('query').token)
        const couple = (await couples.byId(row.coupleId)) ?? notFound()
        const session = row.sessionId
          ? await sessions.byId(row.sessionId)
          : await sessions.liveFor(row.coupleId)
        const suggestedName =
          row.role === 'partnerA' ? couple.partnerAName : row.role === 'partnerB' ? couple.partnerBName : ''
        return c.json(
          {
            coupleId: row.coupleId,
            sessionId: session?.id ?? null,
            title: session?.title ?? '',
            role: row.role,
            suggestedName,
            privacyNotice: PRIVACY_NOTICE,
            sessionEnded: row.role === 'observer' && session !== null && session.endedAt !== null,
            alreadyUsed: row.role !== 'observer' && row.used > 0,
          },
          200,
        )
      },
    )
    .post(
      '/accept',
      describe(
        'Join through an invitation (sets the device’s cookie), or ask to add this device',
        'invitations',
        {
          200: participantSchema,
          202: awaitingConfirmationSchema,
          400: apiErrorSchema,
          410: apiErrorSchema,
        },
      ),
      limitBody(BODY_LIMITS.acceptInvitation),
      body(acceptInvitationSchema),
      async (c) => {
        const input = c.req.valid('json')
        const row = await liveInvitation(input.token)
        const scopeId = row.sessionId ?? row.coupleId
        const cookieName = participantCookie(scopeId)
        const otherCookies = Object.entries(getCookie(c))
          .filter(([name]) => name !== cookieName && name.startsWith(participantCookie('')))
          .map(([, secret]) => secret)
        const outcome = await admit(invitations, row, {
          displayName: input.displayName,
          cookie: getCookie(c, cookieName),
          otherCookies,
          label: deviceLabel(c.req.header('user-agent')),
        })
        if (outcome.kind === 'used_up')
          return fail(
            410,
            'invitation_used_up',
            'This link has already been used by everyone it was meant for. Please ask your therapist for a new one.',
          )
        if (outcome.kind === 'not_live') return fail(410, 'invitation_revoked', REVOKED)
        if (outcome.cookie) setParticipantCookie(c, scopeId, outcome.cookie)
        const auditSessionId = row.sessionId ?? (await auditScope(access, row.coupleId))
        if (outcome.kind === 'awaiting') {
          if (outcome.isNew)
            audit.record({
              action: 'device_awaiting_confirmation',
              sessionId: auditSessionId,
              actorRole: row.role,
              actorId: outcome.participant.id,
              subjectId: outcome.device.id,
              detail: outcome.returning ? 'returning_device' : 'new_device',
            })
          return c.json(
            {
              status: 'awaiting_confirmation',
              coupleId: row.coupleId,
              requestId: outcome.device.id,
              message: AWAITING,
            },
            202,
          )
        }
        const { participant } = outcome
        if (outcome.event !== 'same_device') {
          audit.record({
            action: 'invitation_accepted',
            sessionId: auditSessionId,
            actorRole: row.role,
            actorId: participant.id,
            subjectId: row.id,
          })
        }
        if (outcome.event === 'device_enrolled')
          audit.record({
            action: 'device_enrolled',
            sessionId: auditSessionId,
            actorRole: row.role,
            actorId: participant.id,
            subjectId: participant.deviceId,
            detail: row.role,
          })
        return c.json(await joined(access, participant), 200)
      },
    )
    .get(
      '/requests/:requestId',
      describe('A pending device asks whether the therapist has confirmed it', 'invitations', {
        200: joinAnswerSchema,
        404: apiErrorSchema,
        410: apiErrorSchema,
      }),
      params(joinRequestParamsSchema),
      async (c) => {
        const device = await invitations.devices.byId(c.req.valid('param').requestId)
        const person = device ? await invitations.person(device.participantId) : null
        const secret = person
          ? getCookie(c, participantCookie(person.sessionId ?? person.coupleId))
          : undefined
        // Only the browser that made the request may ask about it.
        if (!device || !person || !secret || (await invitations.devices.byCookie(secret))?.id !== device.id)
          notFound()
        if (device.status === 'pending')
          return c.json(
            {
              status: 'awaiting_confirmation' as const,
              coupleId: person.coupleId,
              requestId: device.id,
              message: AWAITING,
            },
            200,
          )
        const participant = device.status === 'active' ? await invitations.participantByCookie(secret) : null
        if (!participant)
          return fail(
            410,
            'request_declined',
            'Your therapist did not confirm this device. Please talk to them, or use the device you joined with.',
          )
        return c.json(await joined(access, participant), 200)
      },
    )
    .get(
      '/',
      describe(
        'A session’s invitation links, its couple’s partner links included (without tokens)',
        'invitations',
        {
          200: z.object({ invitations: z.array(invitationSchema) }),
        },
      ),
      requireTherapist(access),
      query(z.object({ sessionId: sessionIdSchema })),
      async (c) => {
        const session =
          (await sessions.ownedBy(c.req.valid('query').sessionId, c.get('therapist').id)) ?? notFound()
        const links = await invitations.listFor(session.id)
        return c.json({ invitations: links.map((row) => toInvitation(row)) }, 200)
      },
    )
    .post(
      '/',
      describe(
        'Issue a link: an observer’s for the session, or the couple’s link for a partner',
        'invitations',
        {
          201: invitationSchema,
          404: apiErrorSchema,
        },
      ),
      requireTherapist(access),
      limitBody(BODY_LIMITS.small),
      body(issueInvitationSchema.extend({ sessionId: sessionIdSchema })),
      async (c) => {
        const input = c.req.valid('json')
        const therapistId = c.get('therapist').id
        const session = (await sessions.ownedBy(input.sessionId, therapistId)) ?? notFound()
        const ttlMs = input.expiresInHours ? input.expiresInHours * 3_600_000 : config.invitationTtlMs
        return c.json(
          await issueInvitation(access, session.id, input.role, therapistId, ttlMs, input.admits ?? 1),
          201,
        )
      },
    )
    .post(
      '/:invitationId/show',
      describe('The same link again, for the therapist to copy; nobody is shut out', 'invitations', {
        200: invitationSchema,
        404: apiErrorSchema,
        410: apiErrorSchema,
      }),
      requireTherapist(access),
      params(z.object({ invitationId: z.string().min(1).max(64) })),
      async (c) => {
        const therapistId = c.get('therapist').id
        const row = await invitations.byId(c.req.valid('param').invitationId)
        if (!row || !(await couples.ownedBy(row.coupleId, therapistId))) return notFound()
        if (!invitations.isLive(row))
          fail(410, 'invitation_not_live', 'That link was withdrawn or has expired; make a new one instead.')
        access.audit.record({
          action: 'invitation_shown',
          sessionId: row.sessionId ?? (await auditScope(access, row.coupleId)),
          actorRole: 'therapist',
          actorId: therapistId,
          subjectId: row.id,
          detail: row.role,
        })
        return c.json(toInvitation(row, linkToken(access, row)), 200)
      },
    )
    .post(
      '/:invitationId/revoke',
      describe('Revoke a link; whoever came in through it is shut out', 'invitations', {
        200: invitationSchema,
        404: apiErrorSchema,
      }),
      requireTherapist(access),
      params(z.object({ invitationId: z.string().min(1).max(64) })),
      async (c) => {
        const therapistId = c.get('therapist').id
        const row = await invitations.byId(c.req.valid('param').invitationId)
        if (!row || !(await couples.ownedBy(row.coupleId, therapistId))) notFound()
        if (row.revokedAt === null) await revokeLink(access, row, therapistId)
        return c.json(toInvitation((await invitations.byId(row.id)) ?? row), 200)
      },
    )
}
