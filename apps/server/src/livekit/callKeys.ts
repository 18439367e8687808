import { randomBytes } from 'node:crypto'
import type { Sql } from '../store/sql.ts'

export type CallKey = { key: string; keyIndex: number }

type KeyRow = { key: string; key_index: number }

const newKey = () => randomBytes(32).toString('base64url')

/**
 * Each session's end-to-end key for the video call: 32 random bytes made here, kept in this server's
 * database and handed out only with an authenticated request. The LiveKit server never receives it,
 * so it forwards ciphertext it cannot read. A new key (the next index) replaces it when someone is
 * removed, so they cannot follow the call with the key they had.
 */
export class CallKeys {
  #sql: Sql

  constructor(sql: Sql) {
    this.#sql = sql
  }

  /** The session's key, made on first use (by whoever comes first: everyone gets that one). */
  async current(sessionId: string): Promise<CallKey> {
    const found = await this.#read(sessionId)
    if (found) return found
    await this.#sql.run(
      `INSERT INTO call_keys (session_id, key, key_index) VALUES (?, ?, 0)
       ON CONFLICT (session_id) DO NOTHING`,
      [sessionId, newKey()],
    )
    const made = await this.#read(sessionId)
    if (!made) throw new Error('The call key could not be stored.')
    return made
  }

  /**
   * A new key with the next index; the old one stops working for anyone who has not got the new one.
   * One statement, so two rotations at once give two indexes, never one index with two keys.
   */
  async rotate(sessionId: string): Promise<CallKey> {
    const key = newKey()
    const row = await this.#sql.get<KeyRow>(
      `INSERT INTO call_keys (session_id, key, key_index) VALUES (?, ?, 1)
       ON CONFLICT (session_id) DO UPDATE SET key = excluded.key, key_index = call_keys.key_index + 1
       RETURNING key_index`,
      [sessionId, key],
    )
    return { key, keyIndex: Number(row?.key_index) }
  }

  async #read(sessionId: string): Promise<CallKey | null> {
    const row = await this.#sql.get<KeyRow>('SELECT key, key_index FROM call_keys WHERE session_id = ?', [
      sessionId,
    ])
    return row ? { key: String(row.key), keyIndex: Number(row.key_index) } : null
  }
}
