import type { Invitation, InviteeRole } from '@session-board/protocol'
import {
  acceptInvitationSchema,
  apiErrorSchema,
  invitationPreviewSchema,
  invitationSchema,
  invitationTokenSchema,
  issueInvitationSchema,
  participantSchema,
  sessionIdSchema,
} from '@session-board/protocol'
import { Hono } from 'hono'
import { setCookie } from 'hono/cookie'
import { z } from 'zod'
import type { Access } from '../../access/context.ts'
import { cookieOptions, participantCookie } from '../../access/cookies.ts'
import type { InvitationRow } from '../../access/invitations.ts'
import { errorMessage } from '../../log.ts'
import { SYNC_CLOSE } from '@session-board/protocol'
import { BODY_LIMITS, limitBody } from './bodyLimits.ts'
import { requireTherapist } from './guards.ts'
import { body, describe, fail, notFound, params, query } from './validation.ts'

/** What a partner or observer agrees to before joining; shown on the join page. */
export const PRIVACY_NOTICE =
  'This board is part of your therapy. What is written here is health information: it is kept on the clinic’s own ' +
  'server, seen only by the people in this session and your therapist, and every join and change is recorded in an ' +
  'audit trail. Your private entries are shown to your partner only when your therapist reveals them.'

const PARTICIPANT_COOKIE_DAYS = 120

const toInvitation = (row: InvitationRow, token?: string): Invitation => ({
  id: row.id,
  sessionId: row.sessionId,
  role: row.role,
  expiresAt: row.expiresAt,
  revokedAt: row.revokedAt,
  ...(token ? { token, link: `/join?token=${encodeURIComponent(token)}` } : {}),
})

/**
 * Issues a link. A partner has one live link at a time, so issuing another for the same role revokes
 * the old one (reissue); observers may have several.
 */
export function issueInvitation(
  access: Access,
  sessionId: string,
  role: InviteeRole,
  therapistId: string,
  ttlMs: number,
): Invitation {
  const { invitations, signer, audit } = access
  if (role !== 'observer') {
    for (const old of invitations.listFor(sessionId)) {
      if (old.role === role && old.revokedAt === null) revokeInvitation(access, old, therapistId)
    }
  }
  const row = invitations.issue(sessionId, role, ttlMs)
  const token = signer.sign({ typ: 'invite', iid: row.id, sid: sessionId, role, exp: row.expiresAt })
  audit.record({
    action: 'invitation_issued',
    sessionId,
    actorRole: 'therapist',
    actorId: therapistId,
    subjectId: row.id,
    detail: role,
  })
  return toInvitation(row, token)
}

function revokeInvitation(access: Access, row: InvitationRow, therapistId: string): void {
  const { invitations, registry, audit } = access
  invitations.revoke(row.id)
  const shutOut = new Set(invitations.participantIdsFor(row.id))
  // Out of the call as well, and the call gets a new key they never see.
  access.call
    .removePeople(row.sessionId, [...shutOut])
    .catch((error: unknown) =>
      access.log.warn('call.remove_failed', { sessionId: row.sessionId, error: errorMessage(error) }),
    )
  registry.closeWhere(
    (identity) => identity.kind === 'person' && shutOut.has(identity.personId),
    SYNC_CLOSE.forbidden.code,
    'Your invitation was withdrawn; please ask for a new link.',
  )
  audit.record({
    action: 'invitation_revoked',
    sessionId: row.sessionId,
    actorRole: 'therapist',
    actorId: therapistId,
    subjectId: row.id,
    detail: row.role,
  })
}

/** Invitation links: issue, list, revoke (therapist); preview and accept (the invitee, no account). */
export function invitationRoutes(access: Access) {
  const { invitations, sessions, signer, audit, config, now } = access

  const liveInvitation = (token: string): InvitationRow => {
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
    const row = invitations.byId(checked.payload.iid)
    if (!row || row.sessionId !== checked.payload.sid || row.role !== checked.payload.role) {
      return fail(400, 'invitation_invalid', 'This invitation link is not valid.')
    }
    if (!invitations.isLive(row))
      fail(
        410,
        'invitation_revoked',
        'This invitation link was withdrawn; please ask your therapist for a new one.',
      )
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
      (c) => {
        const row = liveInvitation(c.req.valid('query').token)
        const session = sessions.byId(row.sessionId) ?? notFound()
        const suggestedName =
          row.role === 'partnerA' ? session.partnerAName : row.role === 'partnerB' ? session.partnerBName : ''
        return c.json(
          {
            sessionId: row.sessionId,
            title: session.title,
            role: row.role,
            suggestedName,
            privacyNotice: PRIVACY_NOTICE,
            sessionEnded: session.endedAt !== null,
          },
          200,
        )
      },
    )
    .post(
      '/accept',
      describe('Join a session through an invitation (sets the participant cookie)', 'invitations', {
        200: participantSchema,
        400: apiErrorSchema,
        410: apiErrorSchema,
      }),
      limitBody(BODY_LIMITS.acceptInvitation),
      body(acceptInvitationSchema),
      (c) => {
        const input = c.req.valid('json')
        const row = liveInvitation(input.token)
        const { cookie, participant } = invitations.admit(row, input.displayName)
        setCookie(
          c,
          participantCookie(row.sessionId),
          cookie,
          cookieOptions(config.secure, PARTICIPANT_COOKIE_DAYS * 86_400),
        )
        audit.record({
          action: 'invitation_accepted',
          sessionId: row.sessionId,
          actorRole: row.role,
          actorId: participant.id,
          subjectId: row.id,
        })
        return c.json(
          {
            sessionId: row.sessionId,
            participantId: participant.id,
            role: participant.role,
            displayName: participant.displayName,
          },
          200,
        )
      },
    )
    .use(requireTherapist(access))
    .get(
      '/',
      describe('A session’s invitation links (without tokens)', 'invitations', {
        200: z.object({ invitations: z.array(invitationSchema) }),
      }),
      query(z.object({ sessionId: sessionIdSchema })),
      (c) => {
        const session = sessions.ownedBy(c.req.valid('query').sessionId, c.get('therapist').id) ?? notFound()
        return c.json({ invitations: invitations.listFor(session.id).map((row) => toInvitation(row)) }, 200)
      },
    )
    .post(
      '/',
      describe('Issue (or reissue) a link for a role', 'invitations', {
        201: invitationSchema,
        404: apiErrorSchema,
      }),
      limitBody(BODY_LIMITS.small),
      body(issueInvitationSchema.extend({ sessionId: sessionIdSchema })),
      (c) => {
        const input = c.req.valid('json')
        const therapistId = c.get('therapist').id
        const session = sessions.ownedBy(input.sessionId, therapistId) ?? notFound()
        const ttlMs = input.expiresInHours ? input.expiresInHours * 3_600_000 : config.invitationTtlMs
        return c.json(issueInvitation(access, session.id, input.role, therapistId, ttlMs), 201)
      },
    )
    .post(
      '/:invitationId/revoke',
      describe('Revoke a link; whoever joined with it is shut out', 'invitations', {
        200: invitationSchema,
        404: apiErrorSchema,
      }),
      params(z.object({ invitationId: z.string().min(1).max(64) })),
      (c) => {
        const therapistId = c.get('therapist').id
        const row = invitations.byId(c.req.valid('param').invitationId)
        if (!row || !sessions.ownedBy(row.sessionId, therapistId)) notFound()
        if (row.revokedAt === null) revokeInvitation(access, row, therapistId)
        return c.json(toInvitation(invitations.byId(row.id) ?? row), 200)
      },
    )
}
