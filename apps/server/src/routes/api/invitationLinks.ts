import type { Invitation, InviteeRole, PartnerRole } from '@session-board/protocol'
import type { Access } from '../../access/context.ts'
import type { InvitationRow } from '../../access/invitations.ts'
import { auditScope } from '../../access/withdrawal.ts'
import { notFound } from './validation.ts'

/** A link as the API shows it; with its token only when just issued (the server keeps no copy). */
export const toInvitation = (row: InvitationRow, token?: string): Invitation => ({
  id: row.id,
  coupleId: row.coupleId,
  sessionId: row.sessionId,
  role: row.role,
  admits: row.admits,
  used: row.used,
  expiresAt: row.expiresAt,
  revokedAt: row.revokedAt,
  ...(token ? { token, link: `/join?token=${encodeURIComponent(token)}` } : {}),
})

/**
 * A link's token. It is signed from the link's own row (its id, scope, role and expiry), so signing it
 * again gives the very same link: nothing secret is stored, and revoking the row still ends it.
 */
export function linkToken(access: Access, row: InvitationRow): string {
  return access.signer.sign({
    typ: 'invite',
    iid: row.id,
    sid: row.sessionId ?? row.coupleId,
    role: row.role,
    exp: row.expiresAt,
  })
}

/** Signs a new link and records it; the token is not stored (it can be signed again from the row). */
function signed(access: Access, row: InvitationRow, therapistId: string, auditSessionId: string): Invitation {
  const token = linkToken(access, row)
  access.audit.record({
    action: 'invitation_issued',
    sessionId: auditSessionId,
    actorRole: 'therapist',
    actorId: therapistId,
    subjectId: row.id,
    detail: row.role,
  })
  return toInvitation(row, token)
}

/**
 * A partner's link for the couple. It replaces the partner's earlier links (they no longer admit
 * anyone; browsers that came in on them stay signed in).
 */
export async function issuePartnerLink(
  access: Access,
  coupleId: string,
  role: PartnerRole,
  therapistId: string,
  ttlMs: number,
  /** Where the audit files it; by default the couple's running meeting, else the couple. */
  auditSessionId?: string,
): Promise<Invitation> {
  const { invitations } = access
  const filedUnder = auditSessionId ?? (await auditScope(access, coupleId))
  for (const old of await invitations.listForRole(coupleId, role)) await invitations.revoke(old.id)
  const row = await invitations.issue({ coupleId, sessionId: null, role, admits: 1, ttlMs })
  return signed(access, row, therapistId, filedUnder)
}

/**
 * A link for a session's role, as callers from before couples ask for it: an observer's link belongs
 * to the session and admits `admits` people; a partner's role issues the couple's partner link.
 */
export async function issueInvitation(
  access: Access,
  sessionId: string,
  role: InviteeRole,
  therapistId: string,
  ttlMs: number,
  admits = 1,
): Promise<Invitation> {
  const session = (await access.sessions.byId(sessionId)) ?? notFound()
  if (role !== 'observer')
    return issuePartnerLink(access, session.coupleId, role, therapistId, ttlMs, sessionId)
  const row = await access.invitations.issue({ coupleId: session.coupleId, sessionId, role, admits, ttlMs })
  return signed(access, row, therapistId, sessionId)
}
