import type { DatabaseSync } from 'node:sqlite'
import { randomSecret } from './tokens.ts'

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

/**
 * Passkeys (WebAuthn credentials) of partners' devices and of therapists, and the short-lived state of
 * their ceremonies. Challenges and pending therapist sign-ins are kept in this process's memory: one
 * server instance answers both halves of a ceremony. Behind several instances they would move to the
 * database (or sticky sessions); a restart merely asks the person to try again.
 */
export class Passkeys {
  #db: DatabaseSync
  #now: () => number
  #challenges = new Map<string, ChallengeContext & { expiresAt: number }>()
  #pendingLogins = new Map<string, { therapistId: string; expiresAt: number }>()

  constructor(db: DatabaseSync, now: () => number) {
    this.#db = db
    this.#now = now
  }

  add(input: Omit<PasskeyRow, 'createdAt' | 'lastUsedAt'>): PasskeyRow {
    const row: PasskeyRow = { ...input, createdAt: this.#now(), lastUsedAt: null }
    this.#db
      .prepare(
        `INSERT INTO passkeys (id, owner_kind, owner_id, device_id, public_key, counter, transports, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        row.id,
        row.owner.kind,
        row.owner.id,
        row.deviceId,
        row.publicKey,
        row.counter,
        JSON.stringify(row.transports),
        row.createdAt,
      )
    return row
  }

  byId(id: string): PasskeyRow | null {
    const row = this.#db.prepare('SELECT * FROM passkeys WHERE id = ?').get(id)
    return row ? toPasskey(row) : null
  }

  listFor(owner: PasskeyOwner): PasskeyRow[] {
    return this.#db
      .prepare('SELECT * FROM passkeys WHERE owner_kind = ? AND owner_id = ? ORDER BY created_at, id')
      .all(owner.kind, owner.id)
      .map(toPasskey)
  }

  has(owner: PasskeyOwner): boolean {
    return (
      this.#db
        .prepare('SELECT 1 FROM passkeys WHERE owner_kind = ? AND owner_id = ? LIMIT 1')
        .get(owner.kind, owner.id) !== undefined
    )
  }

  deviceHasPasskey(deviceId: string): boolean {
    return this.#db.prepare('SELECT 1 FROM passkeys WHERE device_id = ? LIMIT 1').get(deviceId) !== undefined
  }

  /** A successful sign-in: the authenticator's signature counter moves on. */
  used(id: string, counter: number): void {
    this.#db
      .prepare('UPDATE passkeys SET counter = ?, last_used_at = ? WHERE id = ?')
      .run(counter, this.#now(), id)
  }

  /** Withdrawn passkeys are deleted: nothing can sign in with them, and the audit keeps the event. */
  removeFor(owner: PasskeyOwner): string[] {
    const ids = this.listFor(owner).map((row) => row.id)
    this.#db.prepare('DELETE FROM passkeys WHERE owner_kind = ? AND owner_id = ?').run(owner.kind, owner.id)
    return ids
  }

  removeForDevice(deviceId: string): string[] {
    const ids = this.#db
      .prepare('SELECT id FROM passkeys WHERE device_id = ?')
      .all(deviceId)
      .map((row) => String(row.id))
    this.#db.prepare('DELETE FROM passkeys WHERE device_id = ?').run(deviceId)
    return ids
  }

  remove(id: string): void {
    this.#db.prepare('DELETE FROM passkeys WHERE id = ?').run(id)
  }

  rememberChallenge(challenge: string, context: ChallengeContext): void {
    this.#sweep()
    this.#challenges.set(challenge, { ...context, expiresAt: this.#now() + PASSKEY_CHALLENGE_TTL_MS })
  }

  /** The challenge's context, once: a second use, or one after five minutes, finds nothing. */
  takeChallenge(challenge: string): ChallengeContext | null {
    const found = this.#challenges.get(challenge)
    this.#challenges.delete(challenge)
    return found && found.expiresAt > this.#now() ? found : null
  }

  /** The password was right; the sign-in completes with a passkey within five minutes. */
  startPendingLogin(therapistId: string): { pendingLogin: string; expiresAt: number } {
    this.#sweep()
    const pendingLogin = randomSecret()
    const expiresAt = this.#now() + PASSKEY_CHALLENGE_TTL_MS
    this.#pendingLogins.set(pendingLogin, { therapistId, expiresAt })
    return { pendingLogin, expiresAt }
  }

  /** The therapist of a pending sign-in, while it lasts. */
  pendingLogin(pendingLogin: string): string | null {
    const found = this.#pendingLogins.get(pendingLogin)
    return found && found.expiresAt > this.#now() ? found.therapistId : null
  }

  finishPendingLogin(pendingLogin: string): void {
    this.#pendingLogins.delete(pendingLogin)
  }

  #sweep(): void {
    const now = this.#now()
    for (const map of [this.#challenges, this.#pendingLogins] as Array<Map<string, { expiresAt: number }>>) {
      for (const [key, value] of map) if (value.expiresAt <= now) map.delete(key)
      // Oldest first (insertion order): a flood pushes out its own earliest entries.
      for (const key of map.keys()) {
        if (map.size <= MAX_OPEN) break
        map.delete(key)
      }
    }
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
