import { SYNC_CLOSE } from '@session-board/protocol'
import { errorKind } from '../log.ts'
import type { Access } from './context.ts'

export const IDLE_LOGOFF_REASON = 'You were signed out after a period of inactivity.'

/**
 * Automatic log-off: ends logins idle for IDLE_LOGOFF_MS and closes their sockets (4401, so the client
 * stops and asks the therapist to sign in again). Checks a few times per idle period.
 */
export function startIdleLogoff(access: Access): { stop: () => Promise<void> } {
  const { accounts, alerts, audit, sockets, log } = access
  const everyMs = Math.max(25, Math.min(accounts.idleMs / 4, 15_000))
  const expire = async () => {
    for (const login of await accounts.expireIdle()) {
      audit.record({
        action: 'idle_logoff',
        actorRole: 'therapist',
        actorId: login.therapistId,
        subjectId: login.id,
      })
      alerts.publish(login.therapistId, { kind: 'loginEnded', loginId: login.id })
      const closed = sockets.closeFor(
        { loginId: login.id },
        SYNC_CLOSE.unauthenticated.code,
        IDLE_LOGOFF_REASON,
      )
      log.info('auth.idle_logoff', { login: login.id, sockets: closed })
    }
  }
  // One check at a time: a slow store must not pile them up.
  let checking: Promise<void> | null = null
  const timer = setInterval(() => {
    checking ??= expire()
      .catch((error: unknown) => log.warn('auth.idle_logoff_failed', { error: errorKind(error) }))
      .finally(() => {
        checking = null
      })
  }, everyMs)
  timer.unref()
  return {
    // A check under way finishes before the store it uses is closed.
    stop: async () => {
      clearInterval(timer)
      await checking
    },
  }
}
