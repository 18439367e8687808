import {
  apiErrorSchema,
  passkeyListSchema,
  passkeyOptionsSchema,
  passkeyRegisterOptionsRequestSchema,
  passkeyRegisterVerifySchema,
  passkeyRegisteredSchema,
} from '@session-board/protocol'
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import { z } from 'zod'
import type { Access } from '../../access/context.ts'
import { LOGIN_COOKIE, participantCookie } from '../../access/cookies.ts'
import type { ParticipantRow } from '../../access/invitations.ts'
import type { PasskeyOwner } from '../../access/passkeys.ts'
import { PASSKEY_CHALLENGE_TTL_MS } from '../../access/passkeys.ts'
import { auditScope } from '../../access/withdrawal.ts'
import { requireTherapist } from './guards.ts'
import { passkeySignInRoutes } from './passkeySignIn.ts'
import { body, describe, fail, notFound, params } from './validation.ts'
import { challengeOf, notVerified, relyingParty, staleChallenge } from './webauthn.ts'

const RP_NAME = 'Session board'

/** Who registers a passkey: a partner on their signed-in device, or the signed-in therapist. */
type Registrant = {
  owner: PasskeyOwner
  deviceId: string | null
  userName: string
  partner: ParticipantRow | null
}

/**
 * Passkeys. A partner registers one from a device signed in to their couple, and later signs that
 * device in again with it (passkeySignIn.ts). A therapist may register one; from then on it completes
 * every sign-in after the password. The therapist lists and removes their own here.
 */
export function passkeyRoutes(access: Access) {
  const { accounts, invitations, passkeys, audit, config } = access

  /** The partner behind this browser's cookie for the couple (or for any couple, when none is named). */
  const partnerOf = async (c: Context, coupleId: string | undefined): Promise<ParticipantRow | null> => {
    const cookies = Object.entries(getCookie(c)).filter(([name]) =>
      coupleId ? name === participantCookie(coupleId) : name.startsWith(participantCookie('cpl_')),
    )
    for (const [, secret] of cookies) {
      const person = await invitations.participantByCookie(secret)
      if (person && person.role !== 'observer') return person
    }
    return null
  }

  /** The therapist's own login, with its CSRF token (as the therapist guard asks). */
  const therapistOf = async (c: Context) => {
    const cookie = getCookie(c, LOGIN_COOKIE)
    const login = cookie ? await accounts.loginByCookie(cookie) : null
    const therapist = login ? await accounts.therapistById(login.therapistId) : null
    if (!login || !therapist) return fail(401, 'signed_out', 'Please sign in, or open your link again.')
    if (c.req.header('x-csrf-token') !== login.csrfToken)
      fail(403, 'csrf_token', 'The request is missing its CSRF token; please reload the page.')
    await accounts.touch(login)
    return therapist
  }

  const registrant = async (c: Context, coupleId: string | undefined): Promise<Registrant> => {
    const partner = coupleId || !getCookie(c, LOGIN_COOKIE) ? await partnerOf(c, coupleId) : null
    if (partner?.deviceId) {
      const owner = { kind: 'participant', id: partner.id } as const
      return { owner, deviceId: partner.deviceId, userName: partner.displayName, partner }
    }
    if (coupleId)
      return fail(401, 'not_signed_in', 'This device is not signed in; please open your link again.')
    const therapist = await therapistOf(c)
    return {
      owner: { kind: 'therapist', id: therapist.id },
      deviceId: null,
      userName: therapist.email,
      partner: null,
    }
  }

  return new Hono()
    .route('/sign-in', passkeySignInRoutes(access))
    .post(
      '/register/options',
      describe('Start registering a passkey (a signed-in partner device, or the therapist)', 'passkeys', {
        200: passkeyOptionsSchema,
        401: apiErrorSchema,
      }),
      body(passkeyRegisterOptionsRequestSchema),
      async (c) => {
        const who = await registrant(c, c.req.valid('json').coupleId)
        const { rpID } = relyingParty(config, c)
        const options = await generateRegistrationOptions({
          rpName: RP_NAME,
          rpID,
          userName: who.userName,
          userID: new TextEncoder().encode(who.owner.id),
          attestationType: 'none',
          // One passkey per authenticator: the one it may already hold is not made again.
          excludeCredentials: (await passkeys.listFor(who.owner)).map((key) => ({
            id: key.id,
            transports: key.transports,
          })),
          authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
          // Ed25519, ES256 and RS256, the algorithms authenticators in use sign with. The library would
          // offer ML-DSA-44 first on Node 24, whose 2.4 kB signatures the assertion's size check refuses.
          supportedAlgorithmIDs: [-8, -7, -257],
          timeout: PASSKEY_CHALLENGE_TTL_MS,
        })
        await passkeys.rememberChallenge(options.challenge, {
          purpose: 'register',
          owner: who.owner,
          deviceId: who.deviceId,
        })
        return c.json(options, 200)
      },
    )
    .post(
      '/register/verify',
      describe('Finish registering a passkey', 'passkeys', {
        201: passkeyRegisteredSchema,
        400: apiErrorSchema,
        401: apiErrorSchema,
        409: apiErrorSchema,
      }),
      body(passkeyRegisterVerifySchema),
      async (c) => {
        const input = c.req.valid('json')
        const who = await registrant(c, input.coupleId)
        const challenge = challengeOf(input.response.response.clientDataJSON)
        const context = await passkeys.takeChallenge(challenge)
        const sameOwner =
          context?.purpose === 'register' &&
          context.owner.kind === who.owner.kind &&
          context.owner.id === who.owner.id &&
          context.deviceId === who.deviceId
        if (!sameOwner) staleChallenge()
        const { rpID, origin } = relyingParty(config, c)
        const verified = await verifyRegistrationResponse({
          response: input.response,
          expectedChallenge: challenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          requireUserVerification: false,
        }).catch(() => null)
        if (!verified?.verified) return notVerified()
        const { credential } = verified.registrationInfo
        if (await passkeys.byId(credential.id))
          fail(409, 'passkey_exists', 'This passkey is already registered here.')
        const row = await passkeys.add({
          id: credential.id,
          owner: who.owner,
          deviceId: who.deviceId,
          publicKey: credential.publicKey,
          counter: credential.counter,
          transports: credential.transports ?? input.response.response.transports ?? [],
        })
        audit.record({
          action: 'passkey_registered',
          sessionId: who.partner ? await auditScope(access, who.partner.coupleId) : null,
          actorRole: who.partner?.role ?? 'therapist',
          actorId: who.owner.id,
          subjectId: who.deviceId,
          detail: who.owner.kind,
        })
        return c.json({ id: row.id, createdAt: row.createdAt }, 201)
      },
    )
    .get(
      '/',
      describe('The therapist’s own passkeys', 'passkeys', { 200: passkeyListSchema, 401: apiErrorSchema }),
      requireTherapist(access),
      async (c) => {
        const own = await passkeys.listFor({ kind: 'therapist', id: c.get('therapist').id })
        return c.json(
          { passkeys: own.map(({ id, createdAt, lastUsedAt }) => ({ id, createdAt, lastUsedAt })) },
          200,
        )
      },
    )
    .post(
      '/:passkeyId/remove',
      describe('Remove one of the therapist’s own passkeys', 'passkeys', {
        204: 'Removed',
        404: apiErrorSchema,
      }),
      requireTherapist(access),
      params(z.object({ passkeyId: z.string().min(1).max(1400) })),
      async (c) => {
        const therapistId = c.get('therapist').id
        const key = await passkeys.byId(c.req.valid('param').passkeyId)
        if (!key || key.owner.kind !== 'therapist' || key.owner.id !== therapistId) notFound()
        await passkeys.remove(key.id)
        audit.record({
          action: 'passkey_removed',
          actorRole: 'therapist',
          actorId: therapistId,
          detail: 'therapist',
        })
        return c.body(null, 204)
      },
    )
}
