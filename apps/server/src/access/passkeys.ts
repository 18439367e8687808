import { z } from 'zod'
import type { Sql } from '../store/sql.ts'
import { randomSecret, sha256 } from './tokens.ts'

export type PasskeyOwner = { kind: 'participant' | 'therapist'; id: string }

export type PasskeyRow = {
  /** The credential id, base64url. */
  id: string
  owner: PasskeyOwner
  /** The partner's device it signs in again; null for a therapist's. */
  deviceId: string | null
  publicKey: Uint8Array<ArrayBuffer>
  counter: number
  transports: string[]
  createdAt: number
  lastUsedAt: number | null
}

/** What a challenge was given for; a response is accepted only for the same purpose and person. */
export type ChallengeContext =
  | { purpose: 'register'; owner: PasskeyOwner; deviceId: string | null }
  | { purpose: 'sign-in'; pendingLogin: string | null }

/** A WebAuthn challenge or a pending sign-in is good for five minutes, once. */
export const PASSKEY_CHALLENGE_TTL_MS = 5 * 60_000
/** More open challenges than this (someone asking for options in a loop): the oldest are dropped. */
const MAX_OPEN = 10_000

const ownerSchema = z.object({ kind: z.enum(['participant', 'therapist']), id: z.string() })
/** A stored challenge's context, read back: what this class wrote, checked all the same. */
const challengeContextSchema = z.discriminatedUnion('purpose', [
  z.object({ purpose: z.literal('register'), owner: ownerSchema, deviceId: z.string().nullable() }),
  z.object({ purpose: z.literal('sign-in'), pendingLogin: z.string().nullable() }),
])

type Row = Record<string, unknown>

/**
 * Passkeys (WebAuthn credentials) of partners' devices and of therapists, and the short-lived state of
 * their ceremonies. Challenges and pending therapist sign-ins are rows too, each taken once, so a
 * ceremony begun on one server instance can end on another.
 */
export class Passkeys {
  #sql: Sql
  #now: () => number

  constructor(sql: Sql, now: () => number) {
    this.#sql = sql
    this.#now = now
  }

  async add(input: Omit<PasskeyRow, 'createdAt' | 'lastUsedAt'>): Promise<PasskeyRow> {
    const row: PasskeyRow = { ...input, createdAt: this.#now(), lastUsedAt: null }
    await this.#sql.run(
      `INSERT INTO passkeys (id, owner_kind, owner_id, device_id, public_key, counter, transports, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        row.id,
        row.owner.kind,
        row.owner.id,
        row.deviceId,
        row.publicKey,
        row.counter,
        JSON.stringify(row.transports),
        row.createdAt,
      ],
    )
    return row
  }

  async byId(id: string): Promise<PasskeyRow | null> {
    const row = await this.#sql.get<Row>('SELECT * FROM passkeys WHERE id = ?', [id])
    return row ? toPasskey(row) : null
  }

  async listFor(owner: PasskeyOwner): Promise<PasskeyRow[]> {
    const rows = await this.#sql.all<Row>(
      'SELECT * FROM passkeys WHERE owner_kind = ? AND owner_id = ? ORDER BY created_at, id',
      [owner.kind, owner.id],
    )
    return rows.map(toPasskey)
  }

  async has(owner: PasskeyOwner): Promise<boolean> {
    const row = await this.#sql.get(
      'SELECT 1 AS found FROM passkeys WHERE owner_kind = ? AND owner_id = ? LIMIT 1',
      [owner.kind, owner.id],
    )
    return row !== null
  }

  async deviceHasPasskey(deviceId: string): Promise<boolean> {
    const row = await this.#sql.get('SELECT 1 AS found FROM passkeys WHERE device_id = ? LIMIT 1', [deviceId])
    return row !== null
  }

  /** A successful sign-in: the authenticator's signature counter moves on. */
  async used(id: string, counter: number): Promise<void> {
    await this.#sql.run('UPDATE passkeys SET counter = ?, last_used_at = ? WHERE id = ?', [
      counter,
      this.#now(),
      id,
    ])
  }

  /** Withdrawn passkeys are deleted: nothing can sign in with them, and the audit keeps the event. */
  async removeFor(owner: PasskeyOwner): Promise<string[]> {
    const rows = await this.#sql.all<{ id: string }>(
      'DELETE FROM passkeys WHERE owner_kind = ? AND owner_id = ? RETURNING id',
      [owner.kind, owner.id],
    )
    return rows.map((row) => String(row.id))
  }

  async removeForDevice(deviceId: string): Promise<string[]> {
    const rows = await this.#sql.all<{ id: string }>(
      'DELETE FROM passkeys WHERE device_id = ? RETURNING id',
      [deviceId],
    )
    return rows.map((row) => String(row.id))
  }

  async remove(id: string): Promise<void> {
    await this.#sql.run('DELETE FROM passkeys WHERE id = ?', [id])
  }

  async rememberChallenge(challenge: string, context: ChallengeContext): Promise<void> {
    await this.#sweep('passkey_challenges')
    await this.#sql.run(
      `INSERT INTO passkey_challenges (challenge, context, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (challenge) DO UPDATE SET context = excluded.context, expires_at = excluded.expires_at`,
      [challenge, JSON.stringify(context), this.#now() + PASSKEY_CHALLENGE_TTL_MS],
    )
  }

  /** The challenge's context, once: a second use, or one after five minutes, finds nothing. */
  async takeChallenge(challenge: string): Promise<ChallengeContext | null> {
    const row = await this.#sql.get<{ context: string; expires_at: number }>(
      'DELETE FROM passkey_challenges WHERE challenge = ? RETURNING context, expires_at',
      [challenge],
    )
    if (!row || Number(row.expires_at) <= this.#now()) return null
    return parseContext(String(row.context))
  }

  /** The password was right; the sign-in completes with a passkey within five minutes. */
  async startPendingLogin(therapistId: string): Promise<{ pendingLogin: string; expiresAt: number }> {
    await this.#sweep('pending_logins')
    const pendingLogin = randomSecret()
    const expiresAt = this.#now() + PASSKEY_CHALLENGE_TTL_MS
    await this.#sql.run('INSERT INTO pending_logins (id_hash, therapist_id, expires_at) VALUES (?, ?, ?)', [
      sha256(pendingLogin),
      therapistId,
      expiresAt,
    ])
    return { pendingLogin, expiresAt }
  }

  /** The therapist of a pending sign-in, while it lasts. */
  async pendingLogin(pendingLogin: string): Promise<string | null> {
    const row = await this.#sql.get<{ therapist_id: string; expires_at: number }>(
      'SELECT therapist_id, expires_at FROM pending_logins WHERE id_hash = ?',
      [sha256(pendingLogin)],
    )
    return row && Number(row.expires_at) > this.#now() ? String(row.therapist_id) : null
  }

  /** Ends a pending sign-in; true for the one call that ended it, so it completes once. */
  async finishPendingLogin(pendingLogin: string): Promise<boolean> {
    const result = await this.#sql.run('DELETE FROM pending_logins WHERE id_hash = ?', [sha256(pendingLogin)])
    return result.changes === 1
  }

  /** Drops what has expired, then the oldest beyond MAX_OPEN: a flood pushes out its own earliest entries. */
  async #sweep(table: 'passkey_challenges' | 'pending_logins'): Promise<void> {
    await this.#sql.run(`DELETE FROM ${table} WHERE expires_at <= ?`, [this.#now()])
    await this.#sql.run(
      `DELETE FROM ${table} WHERE expires_at <
         (SELECT expires_at FROM ${table} ORDER BY expires_at DESC LIMIT 1 OFFSET ?)`,
      [MAX_OPEN - 1],
    )
  }
}

function parseContext(stored: string): ChallengeContext | null {
  try {
    const parsed = challengeContextSchema.safeParse(JSON.parse(stored))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

function toPasskey(row: Record<string, unknown>): PasskeyRow {
  let transports: string[] = []
  try {
    const parsed: unknown = JSON.parse(String(row.transports))
    if (Array.isArray(parsed)) transports = parsed.map(String)
  } catch {
    // Stored by this class as JSON; an unreadable value only loses the browser's hint.
  }
  return {
    id: String(row.id),
    owner: { kind: row.owner_kind as PasskeyOwner['kind'], id: String(row.owner_id) },
    deviceId: row.device_id === null ? null : String(row.device_id),
    publicKey: new Uint8Array(row.public_key as Uint8Array),
    counter: Number(row.counter),
    transports,
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
  }
}
