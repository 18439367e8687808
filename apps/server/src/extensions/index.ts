import type { Access } from '../access/context.ts'
import type { SyncExtension } from '../sync/extension.ts'
import { auditTrail } from './auditTrail.ts'
import { callAndFloor } from './callAndFloor.ts'
import { door } from './door.ts'
import { presenceRules } from './presenceRules.ts'
import { stamps } from './stamps.ts'
import { valueChecks } from './valueChecks.ts'
import { writeRules } from './writeRules.ts'

/**
 * The production extensions, in the order they run: the door first; the write rules before the value
 * checks (an observer hears that they are read-only, not why a value was off); the quota last among
 * the checks; then stamps, the call and the audit trail.
 */
export function productionExtensions(access: Access): SyncExtension[] {
  const { liveSessions, log, call, audit } = access
  return [
    door(access),
    writeRules({ liveSessions, log }),
    valueChecks({ documentQuotaBytes: access.config.documentQuotaBytes }),
    presenceRules(),
    stamps(),
    callAndFloor({ call, liveSessions, log }),
    auditTrail({ audit, log }),
  ]
}
