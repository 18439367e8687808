import type { PasskeySignedIn } from '@session-board/protocol'
import {
  apiErrorSchema,
  passkeyOptionsSchema,
  passkeySignedInSchema,
  passkeySignInOptionsRequestSchema,
  passkeySignInVerifySchema,
} from '@session-board/protocol'
import { generateAuthenticationOptions, verifyAuthenticationResponse } from '@simplewebauthn/server'
import { Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { Access } from '../../access/context.ts'
import { DEVICE_COOKIE_MAX_AGE_S } from '../../access/devices.ts'
import { cookieOptions, participantCookie } from '../../access/cookies.ts'
import { PASSKEY_CHALLENGE_TTL_MS } from '../../access/passkeys.ts'
import { auditScope } from '../../access/withdrawal.ts'
import { startTherapistLogin } from './auth.ts'
import { body, describe, fail } from './validation.ts'
import { challengeOf, notVerified, relyingParty, staleChallenge } from './webauthn.ts'

/**
 * Signing in with a passkey. A partner's is discoverable (nobody types a name): it signs the device
 * in again, with a fresh cookie. A therapist's completes a sign-in whose password was right
 * (`pendingLogin`, from POST /api/auth/sign-in), and nothing else.
 */
export function passkeySignInRoutes(access: Access) {
  const { accounts, invitations, passkeys, audit, config, signInLimiter } = access

  return new Hono()
    .post(
      '/options',
      describe(
        'Start signing in with a passkey (a partner: any of theirs; a therapist: after the password)',
        'passkeys',
        {
          200: passkeyOptionsSchema,
          401: apiErrorSchema,
        },
      ),
      body(passkeySignInOptionsRequestSchema),
      async (c) => {
        const { pendingLogin } = c.req.valid('json')
        const therapistId = pendingLogin ? await passkeys.pendingLogin(pendingLogin) : null
        if (pendingLogin && !therapistId)
          fail(401, 'sign_in_expired', 'Your sign-in took too long. Please enter your password again.')
        const allowCredentials = therapistId
          ? (await passkeys.listFor({ kind: 'therapist', id: therapistId })).map((key) => ({
              id: key.id,
              transports: key.transports,
            }))
          : []
        const options = await generateAuthenticationOptions({
          rpID: relyingParty(config, c).rpID,
          allowCredentials,
          userVerification: 'preferred',
          timeout: PASSKEY_CHALLENGE_TTL_MS,
        })
        await passkeys.rememberChallenge(options.challenge, {
          purpose: 'sign-in',
          pendingLogin: pendingLogin ?? null,
        })
        return c.json(options, 200)
      },
    )
    .post(
      '/verify',
      describe('Finish signing in with a passkey: a partner’s device, or the therapist’s login', 'passkeys', {
        200: passkeySignedInSchema,
        400: apiErrorSchema,
        401: apiErrorSchema,
      }),
      body(passkeySignInVerifySchema),
      async (c) => {
        const { pendingLogin, response } = c.req.valid('json')
        const challenge = challengeOf(response.response.clientDataJSON)
        const context = await passkeys.takeChallenge(challenge)
        if (context?.purpose !== 'sign-in' || context.pendingLogin !== (pendingLogin ?? null))
          staleChallenge()
        const therapistId = pendingLogin ? await passkeys.pendingLogin(pendingLogin) : null
        if (pendingLogin && !therapistId)
          fail(401, 'sign_in_expired', 'Your sign-in took too long. Please enter your password again.')
        const key = await passkeys.byId(response.id)
        // A therapist's passkey completes their pending sign-in only; a partner's signs in a device.
        const ownerMatches = therapistId
          ? key?.owner.kind === 'therapist' && key.owner.id === therapistId
          : key?.owner.kind === 'participant'
        if (!key || !ownerMatches)
          fail(401, 'passkey_unknown', 'This passkey is not known here, or its access was withdrawn.')
        // The authenticator names whose passkey it is: it must be the owner on record.
        const userHandle = response.response.userHandle
        if (userHandle && Buffer.from(userHandle, 'base64url').toString('utf8') !== key.owner.id)
          notVerified()
        const { rpID, origin } = relyingParty(config, c)
        const verified = await verifyAuthenticationResponse({
          response,
          expectedChallenge: challenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          credential: {
            id: key.id,
            publicKey: key.publicKey,
            counter: key.counter,
            transports: key.transports,
          },
          requireUserVerification: false,
        }).catch(() => null)
        const therapist = therapistId ? await accounts.therapistById(therapistId) : null
        if (!verified?.verified) {
          if (therapist) {
            await signInLimiter.fail(`email:${therapist.email}`)
            audit.record({
              action: 'sign_in_failed',
              actorRole: 'therapist',
              actorId: therapist.id,
              detail: 'passkey',
            })
          }
          return notVerified()
        }
        await passkeys.used(key.id, verified.authenticationInfo.newCounter)

        if (pendingLogin) {
          // Taken once: a second answer for the same pending sign-in starts no second login.
          if (!therapist || !(await passkeys.finishPendingLogin(pendingLogin))) return notVerified()
          audit.record({
            action: 'passkey_signed_in',
            actorRole: 'therapist',
            actorId: therapist.id,
            detail: 'therapist',
          })
          const answer: PasskeySignedIn = {
            kind: 'therapist',
            ...(await startTherapistLogin(access, c, therapist)),
          }
          return c.json(answer, 200)
        }

        const person = await invitations.person(key.owner.id)
        const device = key.deviceId ? await invitations.devices.byId(key.deviceId) : null
        if (
          !person ||
          person.withdrawnAt !== null ||
          person.role === 'observer' ||
          !device ||
          device.status === 'withdrawn'
        )
          return fail(401, 'passkey_unknown', 'This passkey is not known here, or its access was withdrawn.')
        // This browser's own device of theirs, if it has one; else the device the passkey was made on.
        const cookieName = participantCookie(person.coupleId)
        const shown = getCookie(c, cookieName)
        const here = shown ? await invitations.devices.byCookie(shown) : null
        const signedInDevice =
          here && here.participantId === person.id && here.status !== 'withdrawn' ? here : device
        const cookie = await invitations.devices.renew(signedInDevice.id, 'active')
        setCookie(c, cookieName, cookie, cookieOptions(config.secure, DEVICE_COOKIE_MAX_AGE_S))
        audit.record({
          action: 'passkey_signed_in',
          sessionId: await auditScope(access, person.coupleId),
          actorRole: person.role,
          actorId: person.id,
          subjectId: signedInDevice.id,
          detail: 'participant',
        })
        const answer: PasskeySignedIn = {
          kind: 'partner',
          coupleId: person.coupleId,
          participantId: person.id,
          role: person.role,
          displayName: person.displayName,
          liveSessionId: (await access.sessions.liveFor(person.coupleId))?.id ?? null,
        }
        return c.json(answer, 200)
      },
    )
}
