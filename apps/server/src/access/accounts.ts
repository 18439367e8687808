import type { Sql } from '../store/sql.ts'
import { randomId, randomSecret, sha256 } from './tokens.ts'

export type TherapistRow = { id: string; email: string; displayName: string; passwordHash: string }
export type Login = { id: string; therapistId: string; csrfToken: string; lastActiveAt: number }

/**
 * Therapist accounts and their logins (one per signed-in browser). A login cookie holds a random
 * secret; the table holds its SHA-256, so a copy of the database does not let anyone sign in.
 */
export class Accounts {
  #sql: Sql
  #now: () => number
  #idleMs: number

  constructor(sql: Sql, now: () => number, idleMs: number) {
    this.#sql = sql
    this.#now = now
    this.#idleMs = idleMs
  }

  get idleMs(): number {
    return this.#idleMs
  }

  async createTherapist(input: {
    email: string
    displayName: string
    passwordHash: string
  }): Promise<TherapistRow | null> {
    const id = randomId('thr')
    const result = await this.#sql.run(
      `INSERT INTO therapists (id, email, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (email) DO NOTHING`,
      [id, input.email, input.displayName, input.passwordHash, this.#now()],
    )
    return result.changes === 1 ? { id, ...input } : null
  }

  async therapistByEmail(email: string): Promise<TherapistRow | null> {
    const row = await this.#sql.get<Row>('SELECT * FROM therapists WHERE email = ?', [email])
    return row ? toTherapist(row) : null
  }

  async therapistById(id: string): Promise<TherapistRow | null> {
    const row = await this.#sql.get<Row>('SELECT * FROM therapists WHERE id = ?', [id])
    return row ? toTherapist(row) : null
  }

  /** Starts a login; the returned cookie secret is given to the browser and never stored. */
  async startLogin(therapistId: string): Promise<{ cookie: string; login: Login }> {
    const cookie = randomSecret()
    const login: Login = {
      id: randomId('lgn'),
      therapistId,
      csrfToken: randomSecret(),
      lastActiveAt: this.#now(),
    }
    await this.#sql.run(
      `INSERT INTO logins (id, cookie_hash, therapist_id, csrf_token, created_at, last_active_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [login.id, sha256(cookie), therapistId, login.csrfToken, login.lastActiveAt, login.lastActiveAt],
    )
    return { cookie, login }
  }

  /** The live login for a cookie, or null if unknown or idle past the log-off time. */
  async loginByCookie(cookie: string): Promise<Login | null> {
    const row = await this.#sql.get<Row>('SELECT * FROM logins WHERE cookie_hash = ?', [sha256(cookie)])
    return row ? this.#live(row) : null
  }

  async loginById(id: string): Promise<Login | null> {
    const row = await this.#sql.get<Row>('SELECT * FROM logins WHERE id = ?', [id])
    return row ? this.#live(row) : null
  }

  /** Activity keeps a login alive; written at most once a second (or a tenth of the idle time). */
  async touch(login: Login): Promise<void> {
    const now = this.#now()
    if (now - login.lastActiveAt < Math.min(1_000, this.#idleMs / 10)) return
    login.lastActiveAt = now
    await this.#sql.run('UPDATE logins SET last_active_at = ? WHERE id = ?', [now, login.id])
  }

  async endLogin(id: string): Promise<void> {
    await this.#sql.run('DELETE FROM logins WHERE id = ?', [id])
  }

  /**
   * Deletes the logins idle past the log-off time and returns them (for the audit and the sockets). One
   * statement: with several instances, each expired login is returned to exactly one of them.
   */
  async expireIdle(): Promise<Array<{ id: string; therapistId: string }>> {
    const cutoff = this.#now() - this.#idleMs
    const rows = await this.#sql.all<{ id: string; therapist_id: string }>(
      'DELETE FROM logins WHERE last_active_at <= ? RETURNING id, therapist_id',
      [cutoff],
    )
    return rows.map((row) => ({ id: String(row.id), therapistId: String(row.therapist_id) }))
  }

  #live(row: Row): Login | null {
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

type Row = Record<string, unknown>

function toTherapist(row: Record<string, unknown>): TherapistRow {
  return {
    id: String(row.id),
    email: String(row.email),
    displayName: String(row.display_name),
    passwordHash: String(row.password_hash),
  }
}
