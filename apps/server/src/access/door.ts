import type { IncomingMessage } from 'node:http'
import type { SyncTarget } from '@session-board/protocol'
import { SYNC_CLOSE, roleLabels } from '@session-board/protocol'
import type { Authentication } from '../sync/hooks.ts'
import type { Access } from './context.ts'
import { LOGIN_COOKIE, isOwnOrigin, participantCookie, readCookies } from './cookies.ts'
import type { ConnectPayload } from './tokens.ts'
import type { UnknownSessionGuard } from './unknownSessions.ts'

const unauthenticated = (reason: string): Authentication => ({
  ok: false,
  code: SYNC_CLOSE.unauthenticated.code,
  reason,
})
const forbidden = (reason: string): Authentication => ({ ok: false, code: SYNC_CLOSE.forbidden.code, reason })

const SCORES_PRIVATE =
  'Each partner’s grid scores are theirs alone until the therapist reveals them; only that partner can open them.'

/**
 * The sync socket's door: runs before the upgrade is answered, so a refused person never receives a
 * document byte. A `?token=` connect token (minted by REST for a cookie holder, at most 10 minutes old)
 * is the usual way in; the cookie itself works too, but only from this server's own origin, so another
 * site's page cannot open a socket with the visitor's cookie (cross-site websocket hijacking). A token
 * request needs no Origin: the token is a bearer credential that only this origin's pages can obtain.
 */
export function createDoor(access: Access, unknownSessions: UnknownSessionGuard) {
  const { accounts, sessions, invitations, signer, audit, config, now } = access

  const refuse = (sessionId: string, verdict: Authentication, detail: string): Authentication => {
    audit.record({ action: 'door_refused', sessionId, detail })
    return verdict
  }

  const asTherapist = (loginId: string, sessionId: string, target: SyncTarget): Authentication => {
    const login = accounts.loginById(loginId)
    if (!login)
      return refuse(sessionId, unauthenticated('You were signed out; please sign in again.'), 'signed_out')
    if (!sessions.ownedBy(sessionId, login.therapistId)) {
      return refuse(sessionId, forbidden('You do not run this session.'), 'not_owner')
    }
    if (target === 'scores') return refuse(sessionId, forbidden(SCORES_PRIVATE), 'scores_forbidden')
    accounts.touch(login)
    // The name others see in presence; a login always has its therapist, the label is a mere fallback.
    const displayName = accounts.therapistById(login.therapistId)?.displayName ?? roleLabels.therapist
    return {
      ok: true,
      identity: {
        kind: 'person',
        role: 'therapist',
        personId: login.therapistId,
        loginId: login.id,
        displayName,
      },
    }
  }

  const asParticipant = (participantId: string, sessionId: string, target: SyncTarget): Authentication => {
    const participant = invitations.participantById(participantId)
    if (!participant) {
      return refuse(
        sessionId,
        forbidden('Your invitation was withdrawn; please ask for a new link.'),
        'revoked',
      )
    }
    if (participant.sessionId !== sessionId) {
      return refuse(sessionId, forbidden('Your invitation is for another session.'), 'wrong_session')
    }
    if (target === 'notes')
      return refuse(sessionId, forbidden('The notes are the therapist’s alone.'), 'notes_forbidden')
    // Each partner opens only their own scores: the document follows the role, so there is no other to ask for.
    if (target === 'scores' && participant.role !== 'partnerA' && participant.role !== 'partnerB')
      return refuse(sessionId, forbidden(SCORES_PRIVATE), 'scores_forbidden')
    return {
      ok: true,
      identity: {
        kind: 'person',
        role: participant.role,
        personId: participant.id,
        loginId: null,
        displayName: participant.displayName,
      },
    }
  }

  const byToken = (token: string, sessionId: string, target: SyncTarget): Authentication => {
    const checked = signer.verifyConnect(token, now())
    if (!checked.ok) {
      return checked.problem === 'expired'
        ? refuse(
            sessionId,
            unauthenticated('Your connection link expired; reconnecting needs a fresh one.'),
            'expired',
          )
        : refuse(sessionId, unauthenticated('That connection link is not valid.'), 'forged')
    }
    const payload: ConnectPayload = checked.payload
    if (payload.sid !== sessionId) {
      return refuse(sessionId, forbidden('That connection link is for another session.'), 'wrong_session')
    }
    if (payload.doc !== target)
      return refuse(sessionId, forbidden('That link does not open this document.'), 'wrong_document')
    return payload.kind === 'login'
      ? asTherapist(payload.sub, sessionId, target)
      : asParticipant(payload.sub, sessionId, target)
  }

  return async function authenticate(
    request: IncomingMessage,
    sessionId: string,
    target: SyncTarget,
  ): Promise<Authentication> {
    if (!sessions.byId(sessionId)) {
      // Counted, not audited: the trail is per session, and a made-up id must not create rows.
      unknownSessions.refused(request)
      return forbidden('There is no such session.')
    }
    const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token')
    if (token) return byToken(token, sessionId, target)

    const cookies = readCookies(request.headers)
    const loginCookie = cookies.get(LOGIN_COOKIE)
    const participant = cookies.get(participantCookie(sessionId))
    if (!loginCookie && !participant) {
      return refuse(sessionId, unauthenticated(SYNC_CLOSE.unauthenticated.reason), 'no_credentials')
    }
    if (!isOwnOrigin(request.headers.origin, request.headers.host, config.publicOrigin)) {
      return refuse(
        sessionId,
        forbidden('Connections are accepted from this site’s own pages only.'),
        'origin',
      )
    }
    if (loginCookie) {
      const login = accounts.loginByCookie(loginCookie)
      if (login) return asTherapist(login.id, sessionId, target)
    }
    if (participant) {
      const row = invitations.participantByCookie(participant)
      if (row) return asParticipant(row.id, sessionId, target)
    }
    return refuse(
      sessionId,
      unauthenticated('You were signed out; please sign in or open your link again.'),
      'stale_cookie',
    )
  }
}
