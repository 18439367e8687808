import type { InviteeRole, PartnerRole } from '@session-board/protocol'
import type { DeviceRow } from './devices.ts'
import { Devices } from './devices.ts'
import type { Sql } from '../store/sql.ts'
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

type Row = Record<string, unknown>

/**
 * Invitation links and the people who joined through them. The token itself is signed and never
 * stored; the row is what makes it revocable and counts who used it. How a link admits people is in
 * enrolment.ts; this class keeps the rows and answers who a cookie or an id belongs to.
 */
export class Invitations {
  readonly devices: Devices
  #sql: Sql
  #now: () => number

  constructor(sql: Sql, now: () => number) {
    this.#sql = sql
    this.#now = now
    this.devices = new Devices(sql, now)
  }

  /** A partner's link (sessionId null, admits 1) or an observer's for one session. */
  async issue(input: {
    coupleId: string
    sessionId: string | null
    role: InviteeRole
    admits: number
    ttlMs: number
  }): Promise<InvitationRow> {
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
    await this.#sql.run(
      `INSERT INTO invitations (id, couple_id, session_id, role, admits, used, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
      [row.id, row.coupleId, row.sessionId, row.role, row.admits, row.createdAt, row.expiresAt],
    )
    return row
  }

  async byId(id: string): Promise<InvitationRow | null> {
    const row = await this.#sql.get<Row>('SELECT * FROM invitations WHERE id = ?', [id])
    return row ? toInvitation(row) : null
  }

  /** The links that concern a session: its observers' and its couple's partner links. */
  async listFor(sessionId: string): Promise<InvitationRow[]> {
    const rows = await this.#sql.all<Row>(
      `SELECT * FROM invitations WHERE session_id = ?
         OR (session_id IS NULL AND couple_id = (SELECT couple_id FROM sessions WHERE id = ?))
       ORDER BY created_at, id`,
      [sessionId, sessionId],
    )
    return rows.map(toInvitation)
  }

  /** A couple's links for a role, newest first. */
  async listForRole(coupleId: string, role: InviteeRole): Promise<InvitationRow[]> {
    const rows = await this.#sql.all<Row>(
      'SELECT * FROM invitations WHERE couple_id = ? AND role = ? ORDER BY created_at DESC, id',
      [coupleId, role],
    )
    return rows.map(toInvitation)
  }

  /** Live: not revoked and not expired. */
  isLive(invitation: InvitationRow): boolean {
    return invitation.revokedAt === null && invitation.expiresAt > this.#now()
  }

  async revoke(id: string): Promise<void> {
    await this.#sql.run('UPDATE invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [
      this.#now(),
      id,
    ])
  }

  async countUse(id: string): Promise<void> {
    await this.#sql.run('UPDATE invitations SET used = used + 1 WHERE id = ?', [id])
  }

  /** A new person (their first device is enrolled by the caller). */
  async addPerson(input: {
    coupleId: string
    sessionId: string | null
    role: InviteeRole
    displayName: string
    invitationId: string
  }): Promise<PersonRow> {
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
    await this.#sql.run(
      `INSERT INTO participants (id, couple_id, session_id, role, display_name, invitation_id, consented_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        person.id,
        person.coupleId,
        person.sessionId,
        person.role,
        person.displayName,
        person.invitationId,
        person.consentedAt,
      ],
    )
    return person
  }

  async rename(participantId: string, displayName: string): Promise<void> {
    await this.#sql.run('UPDATE participants SET display_name = ? WHERE id = ?', [displayName, participantId])
  }

  async person(id: string): Promise<PersonRow | null> {
    const row = await this.#sql.get<Row>('SELECT * FROM participants WHERE id = ?', [id])
    return row ? toPerson(row) : null
  }

  /** The couple's enrolled partner for a role (not withdrawn), if any. */
  async partnerOf(coupleId: string, role: PartnerRole): Promise<PersonRow | null> {
    const row = await this.#sql.get<Row>(
      `SELECT * FROM participants
       WHERE couple_id = ? AND role = ? AND session_id IS NULL AND withdrawn_at IS NULL`,
      [coupleId, role],
    )
    return row ? toPerson(row) : null
  }

  /** The person and every device withdrawn; returns the device ids. */
  async withdrawPerson(participantId: string): Promise<string[]> {
    await this.#sql.run('UPDATE participants SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL', [
      this.#now(),
      participantId,
    ])
    return this.devices.withdrawAll({ participantId })
  }

  /**
   * The person behind a device's cookie: null when the device is pending or withdrawn, the person
   * withdrawn, or (partners) the device unused for 12 hours. Each answer counts as the device's use.
   */
  async participantByCookie(cookie: string): Promise<ParticipantRow | null> {
    const device = await this.devices.byCookie(cookie)
    if (!device || device.status !== 'active') return null
    const person = await this.person(device.participantId)
    if (!person || person.withdrawnAt !== null) return null
    if (isPartner(person.role) && this.devices.isLapsed(device)) return null
    await this.devices.touch(device)
    return signedIn(person, device)
  }

  /**
   * The person behind an id (a connect token's subject): null when withdrawn, or when none of their
   * devices is active any more (every browser they had was shut out).
   */
  async participantById(id: string): Promise<ParticipantRow | null> {
    const person = await this.person(id)
    if (!person || person.withdrawnAt !== null || !(await this.devices.hasActive(person.id))) return null
    return signedIn(person, null)
  }

  /** Everyone who joined through a link: the person it enrolled and anyone who came in on it since. */
  async participantIdsFor(invitationId: string): Promise<string[]> {
    const enrolled = await this.#sql.all<{ id: string }>(
      'SELECT id FROM participants WHERE invitation_id = ?',
      [invitationId],
    )
    const onDevices = await this.devices.participantIdsFor(invitationId)
    return [...new Set([...enrolled.map((row) => String(row.id)), ...onDevices])]
  }

  /**
   * Runs `work` as one transaction, with invitations (and their devices) that read and write inside
   * it: what it reads cannot change before it writes, and a failure keeps none of its writes.
   */
  transaction<T>(work: (invitations: Invitations) => Promise<T>): Promise<T> {
    return this.#sql.transaction((sql) => work(new Invitations(sql, this.#now)))
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
