import type { DatabaseSync } from 'node:sqlite'
import { randomId } from './tokens.ts'

export type SessionRow = {
  id: string
  therapistId: string
  title: string
  partnerAName: string
  partnerBName: string
  scheduledFor: number | null
  createdAt: number
  endedAt: number | null
}

/** The couples' sessions a therapist runs. The board itself lives in the documents table. */
export class Sessions {
  #db: DatabaseSync
  #now: () => number
  #byId

  constructor(db: DatabaseSync, now: () => number) {
    this.#db = db
    this.#now = now
    this.#byId = db.prepare('SELECT * FROM sessions WHERE id = ?')
  }

  create(input: Omit<SessionRow, 'id' | 'createdAt' | 'endedAt'>): SessionRow {
    const row: SessionRow = { ...input, id: randomId('ses'), createdAt: this.#now(), endedAt: null }
    this.#db
      .prepare(
        `INSERT INTO sessions (id, therapist_id, title, partner_a_name, partner_b_name, scheduled_for, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        row.id,
        row.therapistId,
        row.title,
        row.partnerAName,
        row.partnerBName,
        row.scheduledFor,
        row.createdAt,
      )
    return row
  }

  byId(id: string): SessionRow | null {
    const row = this.#byId.get(id)
    return row ? toSession(row) : null
  }

  /** The session if this therapist runs it; null otherwise (callers answer 404 either way). */
  ownedBy(id: string, therapistId: string): SessionRow | null {
    const session = this.byId(id)
    return session?.therapistId === therapistId ? session : null
  }

  listFor(therapistId: string): SessionRow[] {
    return this.#db
      .prepare('SELECT * FROM sessions WHERE therapist_id = ? ORDER BY coalesce(scheduled_for, created_at)')
      .all(therapistId)
      .map(toSession)
  }

  isEnded(id: string): boolean {
    const row = this.#byId.get(id)
    return row ? row.ended_at !== null : true
  }

  setEnded(id: string, ended: boolean): void {
    this.#db.prepare('UPDATE sessions SET ended_at = ? WHERE id = ?').run(ended ? this.#now() : null, id)
  }
}

function toSession(row: Record<string, unknown>): SessionRow {
  return {
    id: String(row.id),
    therapistId: String(row.therapist_id),
    title: String(row.title),
    partnerAName: String(row.partner_a_name),
    partnerBName: String(row.partner_b_name),
    scheduledFor: row.scheduled_for === null ? null : Number(row.scheduled_for),
    createdAt: Number(row.created_at),
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
  }
}
