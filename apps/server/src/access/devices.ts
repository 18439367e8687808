import type { Sql } from '../store/sql.ts'
import { randomId, randomSecret, sha256 } from './tokens.ts'

/** A partner's device stays signed in while it is used; after 12 hours without use it signs in again. */
export const DEVICE_SIGN_IN_LAPSES_AFTER_MS = 12 * 3_600_000

/**
 * How long the browser keeps a device's cookie (120 days): the device stays enrolled that long, and
 * the server decides whether its sign-in is still good.
 */
export const DEVICE_COOKIE_MAX_AGE_S = 120 * 86_400

/** How often, at most, a device's use is written down (every request would be a write otherwise). */
const SEEN_EVERY_MS = 60_000

export type DeviceStatus = 'active' | 'pending' | 'withdrawn'

export type DeviceRow = {
  id: string
  participantId: string
  status: DeviceStatus
  invitationId: string | null
  createdAt: number
  signedInAt: number
  lastSeenAt: number
  label: string
}

/**
 * One browser of a person. The cookie secret goes to that browser only; the row keeps its SHA-256.
 * A device is enrolled once and stays enrolled; its sign-in (the cookie) is renewed with a fresh secret.
 */
export class Devices {
  #sql: Sql
  #now: () => number

  constructor(sql: Sql, now: () => number) {
    this.#sql = sql
    this.#now = now
  }

  async enrol(
    participantId: string,
    input: { status: 'active' | 'pending'; invitationId: string | null; label: string },
  ): Promise<{ cookie: string; device: DeviceRow }> {
    const cookie = randomSecret()
    const now = this.#now()
    const device: DeviceRow = {
      id: randomId('dev'),
      participantId,
      status: input.status,
      invitationId: input.invitationId,
      createdAt: now,
      signedInAt: now,
      lastSeenAt: now,
      label: input.label,
    }
    await this.#sql.run(
      `INSERT INTO devices
         (id, participant_id, cookie_hash, status, invitation_id, created_at, signed_in_at, last_seen_at, label)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        device.id,
        participantId,
        sha256(cookie),
        device.status,
        device.invitationId,
        now,
        now,
        now,
        device.label,
      ],
    )
    return { cookie, device }
  }

  async byCookie(cookie: string): Promise<DeviceRow | null> {
    const row = await this.#sql.get<Row>('SELECT * FROM devices WHERE cookie_hash = ?', [sha256(cookie)])
    return row ? toDevice(row) : null
  }

  async byId(id: string): Promise<DeviceRow | null> {
    const row = await this.#sql.get<Row>('SELECT * FROM devices WHERE id = ?', [id])
    return row ? toDevice(row) : null
  }

  /** A person's devices that are not withdrawn, oldest first. */
  async listFor(participantId: string): Promise<DeviceRow[]> {
    const rows = await this.#sql.all<Row>(
      `SELECT * FROM devices WHERE participant_id = ? AND status != 'withdrawn' ORDER BY created_at, id`,
      [participantId],
    )
    return rows.map(toDevice)
  }

  async hasActive(participantId: string): Promise<boolean> {
    const row = await this.#sql.get(
      `SELECT 1 AS found FROM devices WHERE participant_id = ? AND status = 'active' LIMIT 1`,
      [participantId],
    )
    return row !== null
  }

  /** The ids of the people who came in through a link, on any of their devices. */
  async participantIdsFor(invitationId: string): Promise<string[]> {
    const rows = await this.#sql.all<{ participant_id: string }>(
      'SELECT DISTINCT participant_id FROM devices WHERE invitation_id = ?',
      [invitationId],
    )
    return rows.map((row) => String(row.participant_id))
  }

  /** Not used for 12 hours: the cookie no longer signs in, the device stays enrolled. */
  isLapsed(device: DeviceRow): boolean {
    return this.#now() - device.lastSeenAt >= DEVICE_SIGN_IN_LAPSES_AFTER_MS
  }

  /** The device was used: it stays signed in for another 12 hours. */
  async touch(device: DeviceRow): Promise<void> {
    const now = this.#now()
    if (now - device.lastSeenAt < SEEN_EVERY_MS) return
    device.lastSeenAt = now
    await this.#sql.run('UPDATE devices SET last_seen_at = ? WHERE id = ?', [now, device.id])
  }

  /**
   * A fresh cookie secret for an enrolled device: signed in now (`active`, after a passkey or a fresh
   * link) or waiting for the therapist (`pending`, after a used link came back on it).
   */
  async renew(id: string, status: 'active' | 'pending'): Promise<string> {
    const cookie = randomSecret()
    const now = this.#now()
    await this.#sql.run(
      `UPDATE devices SET cookie_hash = ?, status = ?, signed_in_at = ?, last_seen_at = ?
       WHERE id = ? AND status != 'withdrawn'`,
      [sha256(cookie), status, now, now, id],
    )
    return cookie
  }

  /** The therapist confirmed a pending device: it is signed in from now. */
  async confirm(id: string): Promise<boolean> {
    const now = this.#now()
    const result = await this.#sql.run(
      `UPDATE devices SET status = 'active', signed_in_at = ?, last_seen_at = ?
       WHERE id = ? AND status = 'pending'`,
      [now, now, id],
    )
    return result.changes === 1
  }

  /**
   * Signs the device out now, as 12 hours without use would: it stays enrolled, and its next visit
   * asks for the passkey. Returns whether it was signed in.
   */
  async signOut(id: string): Promise<boolean> {
    const lapsed = this.#now() - DEVICE_SIGN_IN_LAPSES_AFTER_MS
    const result = await this.#sql.run(
      `UPDATE devices SET last_seen_at = ? WHERE id = ? AND status = 'active' AND last_seen_at > ?`,
      [lapsed, id, lapsed],
    )
    return result.changes === 1
  }

  async withdraw(id: string): Promise<boolean> {
    const result = await this.#sql.run(
      `UPDATE devices SET status = 'withdrawn' WHERE id = ? AND status != 'withdrawn'`,
      [id],
    )
    return result.changes === 1
  }

  /** Every device of a person, or those that came in through one link; returns the ids withdrawn. */
  async withdrawAll(where: { participantId: string } | { invitationId: string }): Promise<string[]> {
    const [column, value] =
      'participantId' in where
        ? ['participant_id', where.participantId]
        : ['invitation_id', where.invitationId]
    // One statement: the ids it returns are exactly the devices it withdrew.
    const rows = await this.#sql.all<{ id: string }>(
      `UPDATE devices SET status = 'withdrawn' WHERE ${column} = ? AND status != 'withdrawn' RETURNING id`,
      [value],
    )
    return rows.map((row) => String(row.id))
  }
}

type Row = Record<string, unknown>

function toDevice(row: Record<string, unknown>): DeviceRow {
  return {
    id: String(row.id),
    participantId: String(row.participant_id),
    status: String(row.status) as DeviceStatus,
    invitationId: row.invitation_id === null ? null : String(row.invitation_id),
    createdAt: Number(row.created_at),
    signedInAt: Number(row.signed_in_at),
    lastSeenAt: Number(row.last_seen_at),
    label: String(row.label),
  }
}

const systems: Array<[string, RegExp]> = [
  ['iPhone', /iPhone/],
  ['iPad', /iPad/],
  ['Android', /Android/],
  ['Mac', /Macintosh|Mac OS X/],
  ['Windows', /Windows/],
  ['Linux', /Linux/],
]
// Order matters: Edge's and Chrome's user agents name Safari too.
const browsers: Array<[string, RegExp]> = [
  ['Edge', /Edg\//],
  ['Firefox', /Firefox\//],
  ['Chrome', /Chrome\/|CriOS\//],
  ['Safari', /Safari\//],
]

/** A coarse name for a browser from its User-Agent ("Safari on iPhone"), to tell devices apart. */
export function deviceLabel(userAgent: string | undefined): string {
  const ua = userAgent ?? ''
  const system = systems.find(([, pattern]) => pattern.test(ua))?.[0]
  const browser = browsers.find(([, pattern]) => pattern.test(ua))?.[0]
  if (browser && system) return `${browser} on ${system}`
  return browser ?? system ?? 'A browser'
}
