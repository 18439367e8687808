import type { Therapist } from '@session-board/protocol'
import {
  apiErrorSchema,
  secondFactorSchema,
  signInSchema,
  signUpSchema,
  therapistSchema,
} from '@session-board/protocol'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { SYNC_CLOSE } from '@session-board/protocol'
import type { Login, TherapistRow } from '../../access/accounts.ts'
import type { Access } from '../../access/context.ts'
import { LOGIN_COOKIE, cookieOptions } from '../../access/cookies.ts'
import { hashPassword, unknownAccountHash, verifyPassword } from '../../access/passwords.ts'
import { z } from 'zod'
import { BODY_LIMITS, limitBody } from './bodyLimits.ts'
import { requireTherapist } from './guards.ts'
import { body, clientAddress, describe, fail } from './validation.ts'

const withCsrf = therapistSchema.extend({ csrfToken: z.string() })

/** The signed-in therapist as sign-in answers it, with the login's CSRF token. */
function answer(access: Access, therapist: TherapistRow, login: Login): Therapist & { csrfToken: string } {
  return {
    id: therapist.id,
    email: therapist.email,
    displayName: therapist.displayName,
    idleLogoffAt: login.lastActiveAt + access.config.idleLogoffMs,
    csrfToken: login.csrfToken,
  }
}

/** Starts a login (the cookie) and records it; after the password, or after the passkey that follows it. */
export async function startTherapistLogin(
  access: Access,
  c: Context,
  therapist: TherapistRow,
): Promise<Therapist & { csrfToken: string }> {
  const { cookie, login } = await access.accounts.startLogin(therapist.id)
  setCookie(c, LOGIN_COOKIE, cookie, cookieOptions(access.config.secure, access.config.idleLogoffMs / 1000))
  access.audit.record({
    action: 'sign_in',
    actorRole: 'therapist',
    actorId: therapist.id,
    subjectId: login.id,
  })
  return answer(access, therapist, login)
}

/** Therapist accounts: sign up, sign in (rate limited), sign out, who am I. */
export function authRoutes(access: Access) {
  const { accounts, audit, signInLimiter, config, log } = access

  // Every auth route is answered before anyone is known: bodies are held to what sign-up needs.
  return new Hono()
    .use(limitBody(BODY_LIMITS.auth))
    .post(
      '/sign-up',
      describe('Create a therapist account and sign in', 'auth', {
        201: withCsrf,
        400: apiErrorSchema,
        409: apiErrorSchema,
      }),
      body(signUpSchema),
      async (c) => {
        const input = c.req.valid('json')
        const therapist = await accounts.createTherapist({
          email: input.email,
          displayName: input.displayName,
          passwordHash: await hashPassword(input.password),
        })
        if (!therapist)
          fail(409, 'email_taken', 'An account with this email address already exists; please sign in.')
        audit.record({ action: 'sign_up', actorRole: 'therapist', actorId: therapist.id })
        return c.json(await startTherapistLogin(access, c, therapist), 201)
      },
    )
    .post(
      '/sign-in',
      describe('Sign in (a therapist with a passkey is asked for it next)', 'auth', {
        200: z.union([withCsrf, secondFactorSchema]),
        401: apiErrorSchema,
        429: apiErrorSchema,
      }),
      body(signInSchema),
      async (c) => {
        const { email, password } = c.req.valid('json')
        const address = `ip:${clientAddress(c, config.trustProxy)}`
        const account = `email:${email}`
        const waitMs = Math.max(
          await signInLimiter.retryAfterMs(address),
          await signInLimiter.retryAfterMs(account),
        )
        if (waitMs > 0) {
          const minutes = Math.ceil(waitMs / 60_000)
          log.warn('auth.sign_in_limited', { waitMs })
          fail(
            429,
            'too_many_attempts',
            `Too many failed sign-ins. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
            {
              'retry-after': String(Math.ceil(waitMs / 1000)),
            },
          )
        }
        const therapist = await accounts.therapistByEmail(email)
        // The same work whether or not the account exists, so timing does not reveal who has one.
        const matches = await verifyPassword(
          password,
          therapist?.passwordHash ?? (await unknownAccountHash()),
        )
        if (!therapist || !matches) {
          await signInLimiter.fail(address)
          await signInLimiter.fail(account)
          audit.record({ action: 'sign_in_failed', actorRole: 'therapist', actorId: therapist?.id ?? null })
          fail(401, 'wrong_credentials', 'That email and password do not match an account.')
        }
        await signInLimiter.clear(account)
        // Once a therapist has a passkey, the password alone no longer signs them in.
        if (await access.passkeys.has({ kind: 'therapist', id: therapist.id }))
          return c.json(
            { secondFactor: 'passkey' as const, ...(await access.passkeys.startPendingLogin(therapist.id)) },
            200,
          )
        return c.json(await startTherapistLogin(access, c, therapist), 200)
      },
    )
    .get(
      '/me',
      describe('The signed-in therapist (counts as activity)', 'auth', {
        200: withCsrf,
        401: apiErrorSchema,
      }),
      requireTherapist(access),
      (c) => c.json(answer(access, c.get('therapist'), c.get('login')), 200),
    )
    .post(
      '/sign-out',
      describe('Sign out and close this login’s sockets', 'auth', { 204: 'Signed out' }),
      requireTherapist(access),
      async (c) => {
        const login = c.get('login')
        await accounts.endLogin(login.id)
        access.alerts.publish(login.therapistId, { kind: 'loginEnded', loginId: login.id })
        access.sockets.closeFor({ loginId: login.id }, SYNC_CLOSE.unauthenticated.code, 'You signed out.')
        deleteCookie(c, LOGIN_COOKIE, cookieOptions(config.secure, 0))
        audit.record({
          action: 'sign_out',
          actorRole: 'therapist',
          actorId: login.therapistId,
          subjectId: login.id,
        })
        return c.body(null, 204)
      },
    )
}
