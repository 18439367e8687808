import type { Sql } from '../store/sql.ts'

/** How long an event's id is remembered: LiveKit gives up sending one again long before this. */
const REMEMBER_MS = 24 * 60 * 60 * 1000

/**
 * LiveKit's webhook events already handled, by id, in the shared store: whichever instance a delivery
 * (or a repeated one) reaches, only the first to claim an id handles it.
 */
export class WebhookEvents {
  readonly #sql: Sql
  readonly #now: () => number

  constructor(sql: Sql, now: () => number) {
    this.#sql = sql
    this.#now = now
  }

  /** True for the first claim of an id anywhere; false if it was handled already. */
  async claim(id: string): Promise<boolean> {
    const now = this.#now()
    await this.#sql.run('DELETE FROM webhook_events WHERE at < ?', [now - REMEMBER_MS])
    const row = await this.#sql.get<{ id: string }>(
      'INSERT INTO webhook_events (id, at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING RETURNING id',
      [id, now],
    )
    return row !== null
  }
}
