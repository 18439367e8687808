import type { Sql } from '../store/sql.ts'
import { sha256 } from './tokens.ts'

/**
 * Failed sign-ins, one row each, shared by every server instance on the database: a limit counted in
 * one process would let an attacker spread guesses over several. A key names what failed (an email
 * address, a client's address); only its SHA-256 is kept, since a key is personal data and equality is
 * all the limit needs.
 */
export class SignIns {
  #sql: Sql

  constructor(sql: Sql) {
    this.#sql = sql
  }

  /** When the key's failures after `since` happened, oldest first. */
  async failures(key: string, since: number): Promise<number[]> {
    const rows = await this.#sql.all<{ at: number }>(
      'SELECT at FROM sign_in_failures WHERE key_hash = ? AND at > ? ORDER BY at',
      [sha256(key), since],
    )
    return rows.map((row) => Number(row.at))
  }

  async fail(key: string, at: number): Promise<void> {
    await this.#sql.run('INSERT INTO sign_in_failures (key_hash, at) VALUES (?, ?)', [sha256(key), at])
  }

  async clear(key: string): Promise<void> {
    await this.#sql.run('DELETE FROM sign_in_failures WHERE key_hash = ?', [sha256(key)])
  }

  /** Deletes every failure at or before `before`: they count for nobody any more. */
  async forget(before: number): Promise<void> {
    await this.#sql.run('DELETE FROM sign_in_failures WHERE at <= ?', [before])
  }
}
