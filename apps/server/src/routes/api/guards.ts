import { createMiddleware } from 'hono/factory'
import { getCookie } from 'hono/cookie'
import type { Login, TherapistRow } from '../../access/accounts.ts'
import type { Access } from '../../access/context.ts'
import { LOGIN_COOKIE, isOwnOrigin, participantCookie } from '../../access/cookies.ts'
import { fail } from './validation.ts'

export type TherapistVars = { login: Login; therapist: TherapistRow }

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * CSRF, first layer, for every change under /api: the Origin header must be this server's own origin.
 * Browsers send it on every cross-origin and same-origin POST; a page on another site cannot forge it.
 * (Cookies are SameSite=Strict as well; changes made with a login cookie also need the CSRF token.)
 */
export function sameOriginChanges(access: Access) {
  return createMiddleware(async (c, next) => {
    if (
      unsafe.has(c.req.method) &&
      !isOwnOrigin(c.req.header('origin'), c.req.header('host'), access.config.publicOrigin)
    ) {
      fail(403, 'csrf_origin', 'Changes are accepted only from this site’s own pages.')
    }
    await next()
  })
}

/**
 * A signed-in therapist, from the login cookie, for the rest of the request. Any request counts as
 * activity (it postpones the automatic log-off). A change also needs the login's CSRF token in the
 * `x-csrf-token` header (second CSRF layer, a synchronizer token given at sign-in and by /auth/me).
 */
export function requireTherapist(access: Access) {
  return createMiddleware<{ Variables: TherapistVars }>(async (c, next) => {
    const cookie = getCookie(c, LOGIN_COOKIE)
    const login = cookie ? access.accounts.loginByCookie(cookie) : null
    const therapist = login ? access.accounts.therapistById(login.therapistId) : null
    if (!login || !therapist) fail(401, 'signed_out', 'Please sign in.')
    if (unsafe.has(c.req.method) && c.req.header('x-csrf-token') !== login.csrfToken) {
      fail(403, 'csrf_token', 'The request is missing its CSRF token; please reload the page.')
    }
    access.accounts.touch(login)
    c.set('login', login)
    c.set('therapist', therapist)
    await next()
  })
}

/**
 * A partner or observer of this session is told plainly that this is the therapist's (`message`),
 * rather than being asked to sign in, which is what the therapist guard would answer.
 */
export function refuseParticipants(access: Access, message: string) {
  return createMiddleware(async (c, next) => {
    const login = getCookie(c, LOGIN_COOKIE)
    const sessionId = c.req.param('sessionId')
    const secret = sessionId ? getCookie(c, participantCookie(sessionId)) : undefined
    const participant = secret ? access.invitations.participantByCookie(secret) : null
    if (!login && participant?.sessionId === sessionId) fail(403, 'therapist_only', message)
    await next()
  })
}
