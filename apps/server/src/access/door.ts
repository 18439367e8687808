import type { IncomingMessage } from 'node:http'
import type { SyncTarget } from '@session-board/protocol'
import { SYNC_CLOSE, roleLabels } from '@session-board/protocol'
import type { Authentication, Identity } from '../sync/extension.ts'
import type { Access } from './context.ts'
import { LOGIN_COOKIE, isOwnOrigin, participantCookie, readCookies } from './cookies.ts'
import type { ConnectPayload } from './tokens.ts'
import type { UnknownSessionGuard } from './unknownSessions.ts'
import type { BoardScope } from './scope.ts'
import { documentFor, resolveScope } from './scope.ts'

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
 * document byte. The path names a session (its board opens the couple's plan) or a couple (the plan
 * between sessions). A `?token=` connect token (minted by REST for a cookie holder, at most 10 minutes
 * old) is the usual way in; the cookie itself works too, but only from this server's own origin, so
 * another site's page cannot open a socket with the visitor's cookie (cross-site websocket hijacking).
 */
export function createDoor(access: Access, unknownSessions: UnknownSessionGuard) {
  const { accounts, invitations, signer, audit, config, now } = access

  const refuse = (scope: BoardScope, verdict: Authentication, detail: string): Authentication => {
    audit.record({ action: 'door_refused', sessionId: scope.session?.id ?? scope.couple.id, detail })
    return verdict
  }

  const admitted = (scope: BoardScope, target: SyncTarget, identity: Identity): Authentication => ({
    ok: true,
    identity,
    documentName: documentFor(scope, target, identity.kind === 'person' ? identity.role : null),
  })

  const asTherapist = async (
    loginId: string,
    scope: BoardScope,
    target: SyncTarget,
  ): Promise<Authentication> => {
    const login = await accounts.loginById(loginId)
    if (!login)
      return refuse(scope, unauthenticated('You were signed out; please sign in again.'), 'signed_out')
    // The scope's couple was read for this connection a moment ago: its therapist is the one who runs it.
    if (scope.couple.therapistId !== login.therapistId) {
      return refuse(scope, forbidden('You do not run this session.'), 'not_owner')
    }
    if (target === 'scores') return refuse(scope, forbidden(SCORES_PRIVATE), 'scores_forbidden')
    await accounts.touch(login)
    // The name others see in presence; a login always has its therapist, the label is a mere fallback.
    const displayName = (await accounts.therapistById(login.therapistId))?.displayName ?? roleLabels.therapist
    return admitted(scope, target, {
      kind: 'person',
      role: 'therapist',
      personId: login.therapistId,
      loginId: login.id,
      displayName,
    })
  }

  const asParticipant = async (
    participantId: string,
    scope: BoardScope,
    target: SyncTarget,
  ): Promise<Authentication> => {
    const participant = await invitations.participantById(participantId)
    if (!participant) {
      return refuse(
        scope,
        forbidden('Your access was withdrawn; please ask your therapist for a new link.'),
        'revoked',
      )
    }
    // Nobody ever reaches another couple's plan; an observer comes to one session only.
    const inScope =
      participant.coupleId === scope.couple.id &&
      (participant.role !== 'observer' ||
        (scope.session !== null && participant.sessionId === scope.session.id))
    if (!inScope) return refuse(scope, forbidden('Your invitation is for another session.'), 'wrong_session')
    if (target === 'notes')
      return refuse(scope, forbidden('The notes are the therapist’s alone.'), 'notes_forbidden')
    // Each partner opens only their own scores: the document follows the role, so there is no other to ask for.
    if (target === 'scores' && participant.role !== 'partnerA' && participant.role !== 'partnerB')
      return refuse(scope, forbidden(SCORES_PRIVATE), 'scores_forbidden')
    return admitted(scope, target, {
      kind: 'person',
      role: participant.role,
      personId: participant.id,
      loginId: null,
      displayName: participant.displayName,
    })
  }

  const byToken = async (token: string, scope: BoardScope, target: SyncTarget): Promise<Authentication> => {
    const checked = signer.verifyConnect(token, now())
    if (!checked.ok) {
      return checked.problem === 'expired'
        ? refuse(
            scope,
            unauthenticated('Your connection link expired; reconnecting needs a fresh one.'),
            'expired',
          )
        : refuse(scope, unauthenticated('That connection link is not valid.'), 'forged')
    }
    const payload: ConnectPayload = checked.payload
    if (payload.sid !== scope.id) {
      return refuse(scope, forbidden('That connection link is for another session.'), 'wrong_session')
    }
    if (payload.doc !== target)
      return refuse(scope, forbidden('That link does not open this document.'), 'wrong_document')
    return payload.kind === 'login'
      ? asTherapist(payload.sub, scope, target)
      : asParticipant(payload.sub, scope, target)
  }

  return async function authenticate(
    request: IncomingMessage,
    id: string,
    target: SyncTarget,
  ): Promise<Authentication> {
    const scope = await resolveScope(access, id)
    if (!scope) {
      // Counted, not audited: the trail is per session, and a made-up id must not create rows.
      unknownSessions.refused(request)
      return forbidden('There is no such session.')
    }
    // Between sessions the couple's page and the partners' plan open the board alone.
    if (scope.session === null && target !== 'board')
      return refuse(scope, forbidden('That part belongs to a session.'), 'needs_session')
    const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token')
    if (token) return byToken(token, scope, target)

    const cookies = readCookies(request.headers)
    const loginCookie = cookies.get(LOGIN_COOKIE)
    const participant =
      cookies.get(participantCookie(scope.couple.id)) ??
      (scope.session ? cookies.get(participantCookie(scope.session.id)) : undefined)
    if (!loginCookie && !participant) {
      return refuse(scope, unauthenticated(SYNC_CLOSE.unauthenticated.reason), 'no_credentials')
    }
    if (!isOwnOrigin(request.headers.origin, request.headers.host, config.publicOrigin)) {
      return refuse(scope, forbidden('Connections are accepted from this site’s own pages only.'), 'origin')
    }
    if (loginCookie) {
      const login = await accounts.loginByCookie(loginCookie)
      if (login) return asTherapist(login.id, scope, target)
    }
    if (participant) {
      const row = await invitations.participantByCookie(participant)
      if (row) return asParticipant(row.id, scope, target)
    }
    return refuse(
      scope,
      unauthenticated('You were signed out; please sign in or open your link again.'),
      'stale_cookie',
    )
  }
}
