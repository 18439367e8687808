import type { EntryPartner, Flag, FlagLevel } from '@session-board/board'
import type { FlagRecord } from '@session-board/protocol'
import type { EntryReader } from './progress.ts'
import type { Sql } from '../store/sql.ts'
import { randomId } from './tokens.ts'

/** The entry a flag is raised for: what the flag copies from it. */
export type FlaggedEntry = { id: string; metricId: string; partner: EntryPartner; day: string }

const columns =
  'f.id, f.entry_id, f.metric_id, f.partner, f.level, f.day, f.raised_at, f.response, f.acknowledged_at'
// A flag is as private as its entry: the other partner's only when the entry was shared.
const partnerMay = `(e.privacy = 'shared' OR e.partner = ? OR e.logged_by = ?)`

const window = `SELECT ${columns} FROM flags f JOIN progress_entries e ON e.id = f.entry_id
  WHERE f.couple_id = ? AND f.day BETWEEN ? AND ?`
const order = 'ORDER BY f.day, f.raised_at, f.id'

type Row = Record<string, unknown>

export class Flags {
  #sql: Sql
  #now: () => number

  constructor(sql: Sql, now: () => number) {
    this.#sql = sql
    this.#now = now
  }

  /** Stores the flag an entry raised; the caller runs it inside the entry's own transaction. */
  async raise(coupleId: string, entry: FlaggedEntry, flag: Flag): Promise<FlagRecord> {
    const record: FlagRecord = {
      id: randomId('flg'),
      entryId: entry.id,
      metricId: entry.metricId,
      partner: entry.partner,
      level: flag.level,
      day: entry.day,
      raisedAt: this.#now(),
      response: flag.response,
      acknowledgedAt: null,
    }
    await this.#sql.run(
      `INSERT INTO flags (id, couple_id, entry_id, metric_id, partner, level, day, raised_at, response)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        record.id,
        coupleId,
        record.entryId,
        record.metricId,
        record.partner,
        record.level,
        record.day,
        record.raisedAt,
        record.response,
      ],
    )
    return record
  }

  async forEntry(entryId: string): Promise<FlagRecord | null> {
    const row = await this.#sql.get<Row>(`SELECT ${columns} FROM flags f WHERE f.entry_id = ?`, [entryId])
    return row ? toFlag(row) : null
  }

  /** The couple's flags from `from` to `to` (the entries' days) that `reader` may see. */
  async inWindow(coupleId: string, from: string, to: string, reader: EntryReader): Promise<FlagRecord[]> {
    const rows =
      reader.role === 'therapist'
        ? await this.#sql.all<Row>(`${window} ${order}`, [coupleId, from, to])
        : await this.#sql.all<Row>(`${window} AND ${partnerMay} ${order}`, [
            coupleId,
            from,
            to,
            reader.role,
            reader.personId,
          ])
    return rows.map(toFlag)
  }

  /** A therapist's flags not yet acknowledged, across their couples, oldest first. */
  async waitingFor(therapistId: string): Promise<(FlagRecord & { coupleId: string })[]> {
    const rows = await this.#sql.all<Row>(
      `SELECT ${columns}, f.couple_id FROM flags f JOIN couples c ON c.id = f.couple_id
       WHERE c.therapist_id = ? AND f.acknowledged_at IS NULL ORDER BY f.raised_at, f.id`,
      [therapistId],
    )
    return rows.map((row) => ({ ...toFlag(row), coupleId: String(row.couple_id) }))
  }

  /**
   * Marks the flag acknowledged by `therapistId`; one already acknowledged stays as it was. Null when
   * the couple has no such flag; `changed` says whether this call acknowledged it.
   */
  async acknowledge(
    coupleId: string,
    flagId: string,
    therapistId: string,
  ): Promise<{ flag: FlagRecord; changed: boolean } | null> {
    const result = await this.#sql.run(
      `UPDATE flags SET acknowledged_at = ?, acknowledged_by = ?
       WHERE couple_id = ? AND id = ? AND acknowledged_at IS NULL`,
      [this.#now(), therapistId, coupleId, flagId],
    )
    const row = await this.#sql.get<Row>(
      `SELECT ${columns} FROM flags f WHERE f.couple_id = ? AND f.id = ?`,
      [coupleId, flagId],
    )
    return row ? { flag: toFlag(row), changed: result.changes === 1 } : null
  }
}

function toFlag(row: Record<string, unknown>): FlagRecord {
  return {
    id: String(row.id),
    entryId: String(row.entry_id),
    metricId: String(row.metric_id),
    partner: String(row.partner) as EntryPartner,
    level: String(row.level) as FlagLevel,
    day: String(row.day),
    raisedAt: Number(row.raised_at),
    response: typeof row.response === 'string' ? row.response : null,
    acknowledgedAt: row.acknowledged_at === null ? null : Number(row.acknowledged_at),
  }
}
