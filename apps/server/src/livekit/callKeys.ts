import { randomBytes } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'

export type CallKey = { key: string; keyIndex: number }

/**
 * Each session's end-to-end key for the video call: 32 random bytes made here, kept in this server's
 * database and handed out only with an authenticated request. The LiveKit server never receives it,
 * so it forwards ciphertext it cannot read. A new key (the next index) replaces it when someone is
 * removed, so they cannot follow the call with the key they had.
 */
export class CallKeys {
  #current
  #upsert

  constructor(db: DatabaseSync) {
    db.exec(`CREATE TABLE IF NOT EXISTS call_keys (
      session_id TEXT PRIMARY KEY,
      key TEXT NOT NULL,
      key_index INTEGER NOT NULL
    ) STRICT`)
    this.#current = db.prepare('SELECT key, key_index FROM call_keys WHERE session_id = ?')
    this.#upsert = db.prepare(
      `INSERT INTO call_keys (session_id, key, key_index) VALUES (?, ?, ?)
       ON CONFLICT (session_id) DO UPDATE SET key = excluded.key, key_index = excluded.key_index`,
    )
  }

  /** The session's key, made on first use. */
  current(sessionId: string): CallKey {
    const row = this.#current.get(sessionId)
    if (row) return { key: String(row.key), keyIndex: Number(row.key_index) }
    return this.#write(sessionId, 0)
  }

  /** A new key with the next index; the old one stops working for anyone who has not got the new one. */
  rotate(sessionId: string): CallKey {
    const row = this.#current.get(sessionId)
    return this.#write(sessionId, row ? Number(row.key_index) + 1 : 1)
  }

  #write(sessionId: string, keyIndex: number): CallKey {
    const key = randomBytes(32).toString('base64url')
    this.#upsert.run(sessionId, key, keyIndex)
    return { key, keyIndex }
  }
}
