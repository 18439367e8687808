import type { DatabaseSync } from 'node:sqlite'
import type { InviteeRole } from '@session-board/protocol'
import { randomId, randomSecret, sha256 } from './tokens.ts'

export type InvitationRow = {
  id: string
  sessionId: string
  role: InviteeRole
  createdAt: number
  expiresAt: number
  revokedAt: number | null
}

export type ParticipantRow = {
  id: string
  sessionId: string
  invitationId: string
  role: InviteeRole
  displayName: string
}

/**
 * Invitation links and the people who joined through them. The token itself is signed and never
 * stored; the row is what makes it revocable. Revoking a link also shuts out whoever joined with it.
 */
export class Invitations {
  #db: DatabaseSync
  #now: () => number

  constructor(db: DatabaseSync, now: () => number) {
    this.#db = db
    this.#now = now
  }

  issue(sessionId: string, role: InviteeRole, ttlMs: number): InvitationRow {
    const now = this.#now()
    const row: InvitationRow = {
      id: randomId('inv'),
      sessionId,
      role,
      createdAt: now,
      expiresAt: now + ttlMs,
      revokedAt: null,
    }
    this.#db
      .prepare(
        'INSERT INTO invitations (id, session_id, role, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(row.id, sessionId, role, row.createdAt, row.expiresAt)
    return row
  }

  byId(id: string): InvitationRow | null {
    const row = this.#db.prepare('SELECT * FROM invitations WHERE id = ?').get(id)
    return row ? toInvitation(row) : null
  }

  listFor(sessionId: string): InvitationRow[] {
    return this.#db
      .prepare('SELECT * FROM invitations WHERE session_id = ? ORDER BY created_at')
      .all(sessionId)
      .map(toInvitation)
  }

  /** Live: not revoked and not expired. */
  isLive(invitation: InvitationRow): boolean {
    return invitation.revokedAt === null && invitation.expiresAt > this.#now()
  }

  revoke(id: string): void {
    this.#db
      .prepare('UPDATE invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(this.#now(), id)
  }

  /** Joins a person through a live invitation; the cookie secret goes to their browser only. */
  admit(invitation: InvitationRow, displayName: string): { cookie: string; participant: ParticipantRow } {
    const cookie = randomSecret()
    const participant: ParticipantRow = {
      id: randomId('ptc'),
      sessionId: invitation.sessionId,
      invitationId: invitation.id,
      role: invitation.role,
      displayName,
    }
    this.#db
      .prepare(
        `INSERT INTO participants (id, cookie_hash, session_id, invitation_id, role, display_name, consented_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        participant.id,
        sha256(cookie),
        participant.sessionId,
        invitation.id,
        invitation.role,
        displayName,
        this.#now(),
      )
    return { cookie, participant }
  }

  /**
   * The participant behind a cookie or id, while the link they joined with is not revoked. A joined
   * person stays in after the link's own expiry: it limits joining, not the course of therapy.
   */
  participantByCookie(cookie: string): ParticipantRow | null {
    return this.#admitted(
      this.#db.prepare('SELECT * FROM participants WHERE cookie_hash = ?').get(sha256(cookie)),
    )
  }

  participantById(id: string): ParticipantRow | null {
    return this.#admitted(this.#db.prepare('SELECT * FROM participants WHERE id = ?').get(id))
  }

  participantIdsFor(invitationId: string): string[] {
    return this.#db
      .prepare('SELECT id FROM participants WHERE invitation_id = ?')
      .all(invitationId)
      .map((row) => String(row.id))
  }

  #admitted(row: Record<string, unknown> | undefined): ParticipantRow | null {
    if (!row) return null
    const invitation = this.byId(String(row.invitation_id))
    if (!invitation || invitation.revokedAt !== null) return null
    return {
      id: String(row.id),
      sessionId: String(row.session_id),
      invitationId: String(row.invitation_id),
      role: row.role as InviteeRole,
      displayName: String(row.display_name),
    }
  }
}

function toInvitation(row: Record<string, unknown>): InvitationRow {
  return {
    id: String(row.id),
    sessionId: String(row.session_id),
    role: row.role as InviteeRole,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  }
}
