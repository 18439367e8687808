import type { DatabaseSync } from 'node:sqlite'
import type { InviteeRole, PartnerRole } from '@session-board/protocol'
import type { DeviceRow } from './devices.ts'
import { Devices } from './devices.ts'
import { randomId } from './tokens.ts'

export type InvitationRow = {
  id: string
  coupleId: string
  /** Observer links only; a partner's link belongs to the couple. */
  sessionId: string | null
  role: InviteeRole
  admits: number
  used: number
  createdAt: number
  expiresAt: number
  revokedAt: number | null
}

/** A person signed in: who they are, and through which device when that is known. */
export type ParticipantRow = {
  id: string
  coupleId: string
  /** The observer's session; null for a partner, who belongs to the couple. */
  sessionId: string | null
  role: InviteeRole
  displayName: string
  /** The device whose cookie was shown; null when the person was looked up by id (connect tokens). */
  deviceId: string | null
}

/** A person's row, withdrawn or not. */
export type PersonRow = Omit<ParticipantRow, 'deviceId'> & {
  invitationId: string | null
  consentedAt: number
  withdrawnAt: number | null
}

const isPartner = (role: InviteeRole): role is PartnerRole => role !== 'observer'

/**
 * Invitation links and the people who joined through them. The token itself is signed and never
 * stored; the row is what makes it revocable and counts who used it. How a link admits people is in
 * enrolment.ts; this class keeps the rows and answers who a cookie or an id belongs to.
 */
export class Invitations {
  readonly devices: Devices
  #db: DatabaseSync
  #now: () => number

  constructor(db: DatabaseSync, now: () => number) {
    this.#db = db
    this.#now = now
    this.devices = new Devices(db, now)
  }

  /** A partner's link (sessionId null, admits 1) or an observer's for one session. */
  issue(input: {
    coupleId: string
    sessionId: string | null
    role: InviteeRole
    admits: number
    ttlMs: number
  }): InvitationRow {
    const now = this.#now()
    const row: InvitationRow = {
      id: randomId('inv'),
      coupleId: input.coupleId,
      sessionId: isPartner(input.role) ? null : input.sessionId,
      role: input.role,
      admits: isPartner(input.role) ? 1 : input.admits,
      used: 0,
      createdAt: now,
      expiresAt: now + input.ttlMs,
      revokedAt: null,
    }
    this.#db
      .prepare(
        `INSERT INTO invitations (id, couple_id, session_id, role, admits, used, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
      )
      .run(row.id, row.coupleId, row.sessionId, row.role, row.admits, row.createdAt, row.expiresAt)
    return row
  }

  byId(id: string): InvitationRow | null {
    const row = this.#db.prepare('SELECT * FROM invitations WHERE id = ?').get(id)
    return row ? toInvitation(row) : null
  }

  /** The links that concern a session: its observers' and its couple's partner links. */
  listFor(sessionId: string): InvitationRow[] {
    return this.#db
      .prepare(
        `SELECT * FROM invitations WHERE session_id = ?
           OR (session_id IS NULL AND couple_id = (SELECT couple_id FROM sessions WHERE id = ?))
         ORDER BY created_at, id`,
      )
      .all(sessionId, sessionId)
      .map(toInvitation)
  }

  /** A couple's links for a role, newest first. */
  listForRole(coupleId: string, role: InviteeRole): InvitationRow[] {
    return this.#db
      .prepare('SELECT * FROM invitations WHERE couple_id = ? AND role = ? ORDER BY created_at DESC, id')
      .all(coupleId, role)
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

  countUse(id: string): void {
    this.#db.prepare('UPDATE invitations SET used = used + 1 WHERE id = ?').run(id)
  }

  /** A new person (their first device is enrolled by the caller). */
  addPerson(input: {
    coupleId: string
    sessionId: string | null
    role: InviteeRole
    displayName: string
    invitationId: string
  }): PersonRow {
    const person: PersonRow = {
      id: randomId('ptc'),
      coupleId: input.coupleId,
      sessionId: isPartner(input.role) ? null : input.sessionId,
      role: input.role,
      displayName: input.displayName,
      invitationId: input.invitationId,
      consentedAt: this.#now(),
      withdrawnAt: null,
    }
    this.#db
      .prepare(
        `INSERT INTO participants (id, couple_id, session_id, role, display_name, invitation_id, consented_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        person.id,
        person.coupleId,
        person.sessionId,
        person.role,
        person.displayName,
        person.invitationId,
        person.consentedAt,
      )
    return person
  }

  rename(participantId: string, displayName: string): void {
    this.#db.prepare('UPDATE participants SET display_name = ? WHERE id = ?').run(displayName, participantId)
  }

  person(id: string): PersonRow | null {
    const row = this.#db.prepare('SELECT * FROM participants WHERE id = ?').get(id)
    return row ? toPerson(row) : null
  }

  /** The couple's enrolled partner for a role (not withdrawn), if any. */
  partnerOf(coupleId: string, role: PartnerRole): PersonRow | null {
    const row = this.#db
      .prepare(
        `SELECT * FROM participants
         WHERE couple_id = ? AND role = ? AND session_id IS NULL AND withdrawn_at IS NULL`,
      )
      .get(coupleId, role)
    return row ? toPerson(row) : null
  }

  /** The person and every device withdrawn; returns the device ids. */
  withdrawPerson(participantId: string): string[] {
    this.#db
      .prepare('UPDATE participants SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL')
      .run(this.#now(), participantId)
    return this.devices.withdrawAll({ participantId })
  }

  /**
   * The person behind a device's cookie: null when the device is pending or withdrawn, the person
   * withdrawn, or (partners) the device unused for 12 hours. Each answer counts as the device's use.
   */
  participantByCookie(cookie: string): ParticipantRow | null {
    const device = this.devices.byCookie(cookie)
    if (!device || device.status !== 'active') return null
    const person = this.person(device.participantId)
    if (!person || person.withdrawnAt !== null) return null
    if (isPartner(person.role) && this.devices.isLapsed(device)) return null
    this.devices.touch(device)
    return signedIn(person, device)
  }

  /**
   * The person behind an id (a connect token's subject): null when withdrawn, or when none of their
   * devices is active any more (every browser they had was shut out).
   */
  participantById(id: string): ParticipantRow | null {
    const person = this.person(id)
    if (!person || person.withdrawnAt !== null || !this.devices.hasActive(person.id)) return null
    return signedIn(person, null)
  }

  /** Everyone who joined through a link: the person it enrolled and anyone who came in on it since. */
  participantIdsFor(invitationId: string): string[] {
    const enrolled = this.#db
      .prepare('SELECT id FROM participants WHERE invitation_id = ?')
      .all(invitationId)
      .map((row) => String(row.id))
    return [...new Set([...enrolled, ...this.devices.participantIdsFor(invitationId)])]
  }

  /** Runs `work` as one transaction (node:sqlite is synchronous, so nothing interleaves with it). */
  atomically<T>(work: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE')
    try {
      const result = work()
      this.#db.exec('COMMIT')
      return result
    } catch (error) {
      this.#db.exec('ROLLBACK')
      throw error
    }
  }
}

function signedIn(person: PersonRow, device: DeviceRow | null): ParticipantRow {
  return {
    id: person.id,
    coupleId: person.coupleId,
    sessionId: person.sessionId,
    role: person.role,
    displayName: person.displayName,
    deviceId: device?.id ?? null,
  }
}

const nullable = (value: unknown) => (value === null || value === undefined ? null : Number(value))

function toInvitation(row: Record<string, unknown>): InvitationRow {
  return {
    id: String(row.id),
    coupleId: String(row.couple_id),
    sessionId: row.session_id === null ? null : String(row.session_id),
    role: row.role as InviteeRole,
    admits: Number(row.admits),
    used: Number(row.used),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    revokedAt: nullable(row.revoked_at),
  }
}

function toPerson(row: Record<string, unknown>): PersonRow {
  return {
    id: String(row.id),
    coupleId: String(row.couple_id),
    sessionId: row.session_id === null ? null : String(row.session_id),
    role: row.role as InviteeRole,
    displayName: String(row.display_name),
    invitationId: row.invitation_id === null ? null : String(row.invitation_id),
    consentedAt: Number(row.consented_at),
    withdrawnAt: nullable(row.withdrawn_at),
  }
}
