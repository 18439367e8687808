import type { ConnectToken, Role, SyncTarget } from '@session-board/protocol'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { getCookie } from 'hono/cookie'
import type { Login, TherapistRow } from '../../access/accounts.ts'
import type { ParticipantRow } from '../../access/invitations.ts'
import type { SessionRow } from '../../access/sessions.ts'
import type { BoardScope } from '../../access/scope.ts'
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
    const login = cookie ? await access.accounts.loginByCookie(cookie) : null
    const therapist = login ? await access.accounts.therapistById(login.therapistId) : null
    if (!login || !therapist) fail(401, 'signed_out', 'Please sign in.')
    if (unsafe.has(c.req.method) && c.req.header('x-csrf-token') !== login.csrfToken) {
      fail(403, 'csrf_token', 'The request is missing its CSRF token; please reload the page.')
    }
    await access.accounts.touch(login)
    c.set('login', login)
    c.set('therapist', therapist)
    await next()
  })
}

/** The participant whose cookie this request carries for this couple or session, if any. */
async function scopeParticipant(
  access: Access,
  c: Context,
  scope: BoardScope,
): Promise<ParticipantRow | null> {
  for (const cookieScope of [scope.couple.id, scope.session?.id]) {
    if (!cookieScope) continue
    const secret = getCookie(c, participantCookie(cookieScope))
    const participant = secret ? await access.invitations.participantByCookie(secret) : null
    if (!participant || participant.coupleId !== scope.couple.id) continue
    // An observer comes to one session, never to the plan between sessions.
    if (participant.role === 'observer' && participant.sessionId !== scope.session?.id) continue
    return participant
  }
  return null
}

/**
 * A partner or observer of this session is told plainly that this is the therapist's (`message`),
 * rather than being asked to sign in, which is what the therapist guard would answer.
 */
export function refuseParticipants(access: Access, message: string) {
  return createMiddleware(async (c, next) => {
    const login = getCookie(c, LOGIN_COOKIE)
    const sessionId = c.req.param('sessionId')
    const session = sessionId ? await access.sessions.byId(sessionId) : null
    const couple = session ? await access.couples.byId(session.coupleId) : null
    const participant =
      session && couple ? await scopeParticipant(access, c, { id: session.id, couple, session }) : null
    if (!login && participant) fail(403, 'therapist_only', message)
    await next()
  })
}

/** Who asks about a session or a couple's plan: its therapist (signed in) or a participant (their cookie). */
export type SessionPerson =
  | { kind: 'login'; role: 'therapist'; personId: string; displayName: string; login: Login }
  | {
      kind: 'participant'
      role: Exclude<Role, 'therapist'>
      personId: string
      displayName: string
      participant: ParticipantRow
    }

/** The person asking about this session, or a 401 asking them to open their invitation link. */
export async function sessionPerson(access: Access, c: Context, session: SessionRow): Promise<SessionPerson> {
  const couple = await access.couples.byId(session.coupleId)
  if (!couple) return fail(401, 'not_invited', 'Please open the session from your invitation link.')
  return await scopePerson(access, c, { id: session.id, couple, session })
}

/** The person asking about a session or a couple: its therapist, or one of its partners (or observers). */
export async function scopePerson(access: Access, c: Context, scope: BoardScope): Promise<SessionPerson> {
  const loginCookie = getCookie(c, LOGIN_COOKIE)
  const login = loginCookie ? await access.accounts.loginByCookie(loginCookie) : null
  if (login && scope.couple.therapistId === login.therapistId) {
    const therapist = await access.accounts.therapistById(login.therapistId)
    if (therapist) {
      await access.accounts.touch(login)
      return {
        kind: 'login',
        role: 'therapist',
        personId: login.therapistId,
        displayName: therapist.displayName,
        login,
      }
    }
  }
  const participant = await scopeParticipant(access, c, scope)
  if (!participant) return fail(401, 'not_invited', 'Please open the session from your invitation link.')
  return {
    kind: 'participant',
    role: participant.role,
    personId: participant.id,
    displayName: participant.displayName,
    participant,
  }
}

/** A connect token for this person and the board path `id` (a session or a couple), and who it names. */
export function connectTokenFor(
  access: Access,
  person: SessionPerson,
  id: string,
  target: SyncTarget,
): ConnectToken {
  const expiresAt = access.now() + access.config.connectTokenTtlMs
  const token = access.signer.sign({
    typ: 'connect',
    sid: id,
    doc: target,
    ...(person.kind === 'login'
      ? { kind: 'login' as const, sub: person.login.id }
      : { kind: 'participant' as const, sub: person.participant.id }),
    exp: expiresAt,
  })
  const { role, personId, displayName } = person
  return { token, expiresAt, role, personId, displayName }
}
