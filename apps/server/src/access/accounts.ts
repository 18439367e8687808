import type { DatabaseSync } from 'node:sqlite'
import { randomId, randomSecret, sha256 } from './tokens.ts'

export type TherapistRow = { id: string; email: string; displayName: string; passwordHash: string }
export type Login = { id: string; therapistId: string; csrfToken: string; lastActiveAt: number }

/**
 * Therapist accounts and their logins (one per signed-in browser). A login cookie holds a random
 * secret; the table holds its SHA-256, so a copy of the database does not let anyone sign in.
 */
export class Accounts {
  #db: DatabaseSync
  #now: () => number
  #idleMs: number

  constructor(db: DatabaseSync, now: () => number, idleMs: number) {
    this.#db = db
    this.#now = now
    this.#idleMs = idleMs
  }

  get idleMs(): number {
    return this.#idleMs
  }

  createTherapist(input: { email: string; displayName: string; passwordHash: string }): TherapistRow | null {
    const id = randomId('thr')
    const result = this.#db
      .prepare(
        `INSERT INTO therapists (id, email, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (email) DO NOTHING`,
      )
      .run(id, input.email, input.displayName, input.passwordHash, this.#now())
    return result.changes === 1 ? { id, ...input } : null
  }

  therapistByEmail(email: string): TherapistRow | null {
    const row = this.#db.prepare('SELECT * FROM therapists WHERE email = ?').get(email)
    return row ? toTherapist(row) : null
  }

  therapistById(id: string): TherapistRow | null {
    const row = this.#db.prepare('SELECT * FROM therapists WHERE id = ?').get(id)
    return row ? toTherapist(row) : null
  }

  /** Starts a login; the returned cookie secret is given to the browser and never stored. */
  startLogin(therapistId: string): { cookie: string; login: Login } {
    const cookie = randomSecret()
    const login: Login = {
      id: randomId('lgn'),
      therapistId,
      csrfToken: randomSecret(),
      lastActiveAt: this.#now(),
    }
    this.#db
      .prepare(
        `INSERT INTO logins (id, cookie_hash, therapist_id, csrf_token, created_at, last_active_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(login.id, sha256(cookie), therapistId, login.csrfToken, login.lastActiveAt, login.lastActiveAt)
    return { cookie, login }
  }

  /** The live login for a cookie, or null if unknown or idle past the log-off time. */
  loginByCookie(cookie: string): Login | null {
    const row = this.#db.prepare('SELECT * FROM logins WHERE cookie_hash = ?').get(sha256(cookie))
    return row ? this.#live(row) : null
  }

  loginById(id: string): Login | null {
    const row = this.#db.prepare('SELECT * FROM logins WHERE id = ?').get(id)
    return row ? this.#live(row) : null
  }

  /** Activity keeps a login alive; written at most once a second (or a tenth of the idle time). */
  touch(login: Login): void {
    const now = this.#now()
    if (now - login.lastActiveAt < Math.min(1_000, this.#idleMs / 10)) return
    login.lastActiveAt = now
    this.#db.prepare('UPDATE logins SET last_active_at = ? WHERE id = ?').run(now, login.id)
  }

  endLogin(id: string): void {
    this.#db.prepare('DELETE FROM logins WHERE id = ?').run(id)
  }

  /** Deletes the logins idle past the log-off time and returns them (for the audit and the sockets). */
  expireIdle(): Array<{ id: string; therapistId: string }> {
    const cutoff = this.#now() - this.#idleMs
    const rows = this.#db.prepare('SELECT id, therapist_id FROM logins WHERE last_active_at <= ?').all(cutoff)
    this.#db.prepare('DELETE FROM logins WHERE last_active_at <= ?').run(cutoff)
    return rows.map((row) => ({ id: String(row.id), therapistId: String(row.therapist_id) }))
  }

  #live(row: Record<string, unknown>): Login | null {
    const lastActiveAt = Number(row.last_active_at)
    if (this.#now() - lastActiveAt >= this.#idleMs) return null
    return {
      id: String(row.id),
      therapistId: String(row.therapist_id),
      csrfToken: String(row.csrf_token),
      lastActiveAt,
    }
  }
}

function toTherapist(row: Record<string, unknown>): TherapistRow {
  return {
    id: String(row.id),
    email: String(row.email),
    displayName: String(row.display_name),
    passwordHash: String(row.password_hash),
  }
}
