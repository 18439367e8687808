import type { AuditTrail } from '../access/audit.ts'
import type { Logger } from '../log.ts'
import type { Participant, SyncExtension } from '../sync/extension.ts'

const actor = ({ identity }: Participant) =>
  identity.kind === 'person'
    ? { actorRole: identity.role, actorId: identity.personId }
    : { actorRole: null, actorId: null }

/**
 * The audit trail of the live board: who joined and left which part of a session, and every refused
 * update or presence frame with its rule. Ids and codes only; never what anyone wrote.
 */
export function auditTrail(options: { audit: AuditTrail; log: Logger }): SyncExtension {
  const { audit, log } = options
  const presenceEvent = (action: 'join' | 'leave') => (who: Participant) => {
    const { identity, sessionId, target } = who
    if (identity.kind !== 'person') return
    audit.record({ action, sessionId, ...actor(who), detail: target })
    log.info(`sync.${action}`, { sessionId, role: identity.role, target })
  }
  return {
    name: 'auditTrail',
    onJoin: presenceEvent('join'),
    onLeave: presenceEvent('leave'),
    onRefused({ kind, who, rule, detail }) {
      audit.record({
        action: kind === 'update' ? 'update_refused' : 'presence_refused',
        sessionId: who.sessionId,
        ...actor(who),
        detail: kind === 'update' ? `${rule}:${detail}` : detail || rule,
      })
    },
  }
}
