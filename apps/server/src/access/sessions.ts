import type { Sql } from '../store/sql.ts'
import { randomId } from './tokens.ts'

export type SessionRow = {
  id: string
  therapistId: string
  /** The couple whose plan the session's board shows; its document is stored under this id. */
  coupleId: string
  title: string
  scheduledFor: number | null
  createdAt: number
  /** When the therapist started it; null while it is only planned. */
  startedAt: number | null
  endedAt: number | null
}

/** Upcoming (planned, not started), live (started, not ended) or past (ended). */
export type SessionState = 'upcoming' | 'live' | 'past'

export function sessionState(session: SessionRow): SessionState {
  if (session.endedAt !== null) return 'past'
  return session.startedAt === null ? 'upcoming' : 'live'
}

/** The meetings of each couple. The board itself lives in the couple's document. */
export class Sessions {
  #sql: Sql
  #now: () => number

  constructor(sql: Sql, now: () => number) {
    this.#sql = sql
    this.#now = now
  }

  async create(input: {
    therapistId: string
    coupleId: string
    title: string
    scheduledFor: number | null
    /** The names at creation, for the legacy columns only: the couple's row is what is read. */
    names: { partnerAName: string; partnerBName: string }
  }): Promise<SessionRow> {
    const row: SessionRow = {
      id: randomId('ses'),
      therapistId: input.therapistId,
      coupleId: input.coupleId,
      title: input.title,
      scheduledFor: input.scheduledFor,
      createdAt: this.#now(),
      startedAt: null,
      endedAt: null,
    }
    await this.#sql.run(
      `INSERT INTO sessions (id, therapist_id, couple_id, title, partner_a_name, partner_b_name, scheduled_for, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        row.id,
        row.therapistId,
        row.coupleId,
        row.title,
        input.names.partnerAName,
        input.names.partnerBName,
        row.scheduledFor,
        row.createdAt,
      ],
    )
    return row
  }

  async byId(id: string): Promise<SessionRow | null> {
    const row = await this.#sql.get<Row>('SELECT * FROM sessions WHERE id = ?', [id])
    return row ? toSession(row) : null
  }

  /** The session if this therapist runs it; null otherwise (callers answer 404 either way). */
  async ownedBy(id: string, therapistId: string): Promise<SessionRow | null> {
    const session = await this.byId(id)
    return session?.therapistId === therapistId ? session : null
  }

  async listFor(therapistId: string): Promise<SessionRow[]> {
    const rows = await this.#sql.all<Row>(
      'SELECT * FROM sessions WHERE therapist_id = ? ORDER BY coalesce(scheduled_for, created_at)',
      [therapistId],
    )
    return rows.map(toSession)
  }

  /** A couple's sessions, oldest first. */
  async listForCouple(coupleId: string): Promise<SessionRow[]> {
    const rows = await this.#sql.all<Row>(
      'SELECT * FROM sessions WHERE couple_id = ? ORDER BY coalesce(started_at, scheduled_for, created_at), created_at',
      [coupleId],
    )
    return rows.map(toSession)
  }

  /** The couple's session running now, if any (at most one: starting one ends the other). */
  async liveFor(coupleId: string): Promise<SessionRow | null> {
    const row = await this.#sql.get<Row>(
      'SELECT * FROM sessions WHERE couple_id = ? AND started_at IS NOT NULL AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1',
      [coupleId],
    )
    return row ? toSession(row) : null
  }

  /** The couple's most recently started session, live or past. */
  async latestStartedFor(coupleId: string): Promise<SessionRow | null> {
    const row = await this.#sql.get<Row>(
      'SELECT * FROM sessions WHERE couple_id = ? AND started_at IS NOT NULL ORDER BY started_at DESC, created_at DESC LIMIT 1',
      [coupleId],
    )
    return row ? toSession(row) : null
  }

  /** Whether partners are in a running meeting through this session's board. */
  async isLive(id: string): Promise<boolean> {
    const session = await this.byId(id)
    return session !== null && sessionState(session) === 'live'
  }

  async setStarted(id: string): Promise<void> {
    await this.#sql.run('UPDATE sessions SET started_at = ?, ended_at = NULL WHERE id = ?', [this.#now(), id])
  }

  async setEnded(id: string, ended: boolean): Promise<void> {
    await this.#sql.run('UPDATE sessions SET ended_at = ? WHERE id = ?', [ended ? this.#now() : null, id])
  }
}

type Row = Record<string, unknown>

function toSession(row: Record<string, unknown>): SessionRow {
  const maybe = (value: unknown) => (value === null || value === undefined ? null : Number(value))
  return {
    id: String(row.id),
    therapistId: String(row.therapist_id),
    coupleId: String(row.couple_id),
    title: String(row.title),
    scheduledFor: maybe(row.scheduled_for),
    createdAt: Number(row.created_at),
    startedAt: maybe(row.started_at),
    endedAt: maybe(row.ended_at),
  }
}
