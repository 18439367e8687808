import type { Access } from '../access/context.ts'
import { createDoor } from '../access/door.ts'
import { UnknownSessionGuard } from '../access/unknownSessions.ts'
import { errorMessage } from '../log.ts'
import type { SyncExtension } from '../sync/extension.ts'

/**
 * The sync socket's door (access/door.ts): who may open which document, checked before the upgrade
 * is answered. A flood of connections to made-up sessions is turned away before any work, and the
 * session's liveness is read once per connect, for the write rules to use on every edit.
 *
 * A therapist's edits keep their login alive against the idle log-off; that is written at most once
 * per `touchEveryMs` per login, after the edit is stored, never on the edit's own path.
 */
export function door(access: Access): SyncExtension {
  const { accounts, liveSessions, log } = access
  // The door counts refusals for sessions that do not exist; the throttle turns a flood away before it.
  const unknownSessions = new UnknownSessionGuard({
    limits: access.config.unknownSessions,
    trustProxy: access.config.trustProxy,
    log,
    now: access.now,
  })
  const authenticate = createDoor(access, unknownSessions)
  const touchEveryMs = Math.min(1_000, accounts.idleMs / 10)
  const lastTouched = new Map<string, number>()

  const touch = async (loginId: string) => {
    const login = await accounts.loginById(loginId)
    if (login) await accounts.touch(login)
  }

  return {
    name: 'door',
    throttle: (request) => unknownSessions.retryAfterMs(request),
    async authenticate(request, sessionId, target) {
      const verdict = await authenticate(request, sessionId, target)
      if (verdict.ok) await liveSessions.refresh(sessionId)
      return verdict
    },
    afterStore({ who }) {
      const { identity } = who
      if (identity.kind !== 'person' || identity.loginId === null) return
      const now = access.now()
      if (now - (lastTouched.get(identity.loginId) ?? 0) < touchEveryMs) return
      lastTouched.set(identity.loginId, now)
      touch(identity.loginId).catch((error: unknown) =>
        log.warn('auth.touch_failed', { error: errorMessage(error) }),
      )
    },
    onLeave({ identity }) {
      if (identity.kind === 'person' && identity.loginId !== null) lastTouched.delete(identity.loginId)
    },
  }
}
