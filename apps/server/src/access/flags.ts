import type { DatabaseSync } from 'node:sqlite'
import type { EntryPartner, Flag, FlagLevel } from '@session-board/board'
import type { FlagRecord } from '@session-board/protocol'
import type { EntryReader } from './progress.ts'
import { randomId } from './tokens.ts'

/**
 * Flags raised by entries, one per entry at most. The response is copied when the flag is raised: it
 * is what the partner was shown then, even if the couple words it differently later.
 */
const flagsTable = `
  CREATE TABLE IF NOT EXISTS flags (
    id TEXT PRIMARY KEY,
    couple_id TEXT NOT NULL,
    entry_id TEXT NOT NULL UNIQUE REFERENCES progress_entries (id),
    metric_id TEXT NOT NULL,
    partner TEXT NOT NULL CHECK (partner IN ('partnerA', 'partnerB', 'couple')),
    level TEXT NOT NULL CHECK (level IN ('red', 'yellow')),
    day TEXT NOT NULL,
    raised_at INTEGER NOT NULL,
    response TEXT,
    acknowledged_at INTEGER,
    -- The therapist who acknowledged it.
    acknowledged_by TEXT
  );
  CREATE INDEX IF NOT EXISTS flags_by_day ON flags (couple_id, day);
  CREATE INDEX IF NOT EXISTS flags_waiting ON flags (couple_id) WHERE acknowledged_at IS NULL;
`

export function createFlagsTable(db: DatabaseSync): void {
  db.exec(flagsTable)
}

/** The entry a flag is raised for: what the flag copies from it. */
export type FlaggedEntry = { id: string; metricId: string; partner: EntryPartner; day: string }

const columns =
  'f.id, f.entry_id, f.metric_id, f.partner, f.level, f.day, f.raised_at, f.response, f.acknowledged_at'
// A flag is as private as its entry: the other partner's only when the entry was shared.
const partnerMay = `(e.privacy = 'shared' OR e.partner = ? OR e.logged_by = ?)`

export class Flags {
  #now: () => number
  #insert
  #byEntry
  #byId
  #forTherapist
  #forPartner
  #waiting
  #acknowledge

  constructor(db: DatabaseSync, now: () => number) {
    this.#now = now
    this.#insert = db.prepare(
      `INSERT INTO flags (id, couple_id, entry_id, metric_id, partner, level, day, raised_at, response)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.#byEntry = db.prepare(`SELECT ${columns} FROM flags f WHERE f.entry_id = ?`)
    this.#byId = db.prepare(`SELECT ${columns} FROM flags f WHERE f.couple_id = ? AND f.id = ?`)
    const window = `SELECT ${columns} FROM flags f JOIN progress_entries e ON e.id = f.entry_id
      WHERE f.couple_id = ? AND f.day BETWEEN ? AND ?`
    const order = 'ORDER BY f.day, f.raised_at, f.id'
    this.#forTherapist = db.prepare(`${window} ${order}`)
    this.#forPartner = db.prepare(`${window} AND ${partnerMay} ${order}`)
    this.#waiting = db.prepare(
      `SELECT ${columns}, f.couple_id FROM flags f JOIN couples c ON c.id = f.couple_id
       WHERE c.therapist_id = ? AND f.acknowledged_at IS NULL ORDER BY f.raised_at, f.id`,
    )
    this.#acknowledge = db.prepare(
      `UPDATE flags SET acknowledged_at = ?, acknowledged_by = ?
       WHERE couple_id = ? AND id = ? AND acknowledged_at IS NULL`,
    )
  }

  /** Stores the flag an entry raised; the caller runs it inside the entry's own transaction. */
  raise(coupleId: string, entry: FlaggedEntry, flag: Flag): FlagRecord {
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
    this.#insert.run(
      record.id,
      coupleId,
      record.entryId,
      record.metricId,
      record.partner,
      record.level,
      record.day,
      record.raisedAt,
      record.response,
    )
    return record
  }

  forEntry(entryId: string): FlagRecord | null {
    const row = this.#byEntry.get(entryId)
    return row ? toFlag(row) : null
  }

  /** The couple's flags from `from` to `to` (the entries' days) that `reader` may see. */
  inWindow(coupleId: string, from: string, to: string, reader: EntryReader): FlagRecord[] {
    const rows =
      reader.role === 'therapist'
        ? this.#forTherapist.all(coupleId, from, to)
        : this.#forPartner.all(coupleId, from, to, reader.role, reader.personId)
    return rows.map(toFlag)
  }

  /** A therapist's flags not yet acknowledged, across their couples, oldest first. */
  waitingFor(therapistId: string): (FlagRecord & { coupleId: string })[] {
    return this.#waiting.all(therapistId).map((row) => ({ ...toFlag(row), coupleId: String(row.couple_id) }))
  }

  /**
   * Marks the flag acknowledged by `therapistId`; one already acknowledged stays as it was. Null when
   * the couple has no such flag; `changed` says whether this call acknowledged it.
   */
  acknowledge(
    coupleId: string,
    flagId: string,
    therapistId: string,
  ): { flag: FlagRecord; changed: boolean } | null {
    const changed = this.#acknowledge.run(this.#now(), therapistId, coupleId, flagId).changes === 1
    const row = this.#byId.get(coupleId, flagId)
    return row ? { flag: toFlag(row), changed } : null
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
