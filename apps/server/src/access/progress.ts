import type { DatabaseSync } from 'node:sqlite'
import type { EntryPartner, EntryPrivacy, Metric, PartnerRole, ProgressEntry } from '@session-board/board'
import { addDays, entryFlag } from '@session-board/board'
import type { FlagRecord } from '@session-board/protocol'
import type { Flags } from './flags.ts'

/**
 * Partners' progress entries, logged from their phones between sessions. The id is made on the phone,
 * so an entry the phone sends again (it kept it offline, or never heard the answer) is the same row.
 */
const progressTable = `
  CREATE TABLE IF NOT EXISTS progress_entries (
    id TEXT PRIMARY KEY,
    couple_id TEXT NOT NULL,
    metric_id TEXT NOT NULL,
    partner TEXT NOT NULL CHECK (partner IN ('partnerA', 'partnerB', 'couple')),
    -- The person (participant id) whose phone sent it.
    logged_by TEXT NOT NULL,
    day TEXT NOT NULL,
    logged_at INTEGER NOT NULL,
    utc_offset_minutes INTEGER NOT NULL,
    value INTEGER NOT NULL,
    privacy TEXT NOT NULL CHECK (privacy IN ('shared', 'therapist')),
    note TEXT,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS progress_entries_by_day ON progress_entries (couple_id, day);
`

export function createProgressTable(db: DatabaseSync): void {
  db.exec(progressTable)
}

/** An entry as a partner's phone sent it, and who sent it. */
export type LoggedEntry = ProgressEntry & { loggedBy: string }

export type StoreOutcome = {
  status: 'stored' | 'already stored'
  /** The flag the entry raised, now or when it was first stored. */
  flag: FlagRecord | null
}

/** A partner of the couple: the role they log and read as, and who they are. */
export type PartnerPerson = { role: PartnerRole; personId: string }

/** Who reads entries: the couple's therapist sees them all; a partner sees what is theirs or shared. */
export type EntryReader = { role: 'therapist' } | PartnerPerson

const columns = `id, couple_id, metric_id, partner, logged_by, day, logged_at, utc_offset_minutes, value,
  privacy, note`

export class ProgressEntries {
  #db: DatabaseSync
  #now: () => number
  #insert
  #byId
  #forTherapist
  #forPartner
  #partnersWeek
  #flags: Flags

  constructor(db: DatabaseSync, now: () => number, flags: Flags) {
    this.#db = db
    this.#now = now
    this.#flags = flags
    this.#insert = db.prepare(
      `INSERT INTO progress_entries (${columns}, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    )
    this.#byId = db.prepare(`SELECT ${columns} FROM progress_entries WHERE id = ?`)
    const window = `SELECT ${columns} FROM progress_entries WHERE couple_id = ? AND day BETWEEN ? AND ?`
    const order = 'ORDER BY day, logged_at, id'
    this.#forTherapist = db.prepare(`${window} ${order}`)
    // The other partner's entry only when it is shared; a therapist-only one stays with its sender.
    this.#forPartner = db.prepare(
      `${window} AND (privacy = 'shared' OR partner = ? OR logged_by = ?) ${order}`,
    )
    this.#partnersWeek = db.prepare(
      `SELECT ${columns} FROM progress_entries
       WHERE couple_id = ? AND metric_id = ? AND partner = ? AND day BETWEEN ? AND ?`,
    )
  }

  /**
   * Stores a batch in one transaction, each entry once. An id already stored with the same sender and
   * content is the phone's retry and counts as already stored; an id stored with anything else refuses
   * the whole batch, and nothing of it is kept. An entry stored now that crosses its metric's line
   * raises a flag in the same transaction; `metrics` holds each entry's metric.
   */
  storeBatch(
    coupleId: string,
    entries: readonly LoggedEntry[],
    metrics: ReadonlyMap<string, Metric>,
  ): { outcomes: StoreOutcome[] } | { takenIndex: number } {
    const receivedAt = this.#now()
    this.#db.exec('BEGIN IMMEDIATE')
    try {
      const outcomes: StoreOutcome[] = []
      for (const [index, entry] of entries.entries()) {
        const row = toRow(coupleId, entry)
        if (this.#insert.run(...row, receivedAt).changes === 1) {
          outcomes.push({ status: 'stored', flag: this.#raiseFlag(coupleId, entry, metrics) })
          continue
        }
        const stored = this.#byId.get(entry.id)
        const same = stored !== undefined && Object.values(stored).every((value, at) => value === row[at])
        if (!same) {
          this.#db.exec('ROLLBACK')
          return { takenIndex: index }
        }
        outcomes.push({ status: 'already stored', flag: this.#flags.forEntry(entry.id) })
      }
      this.#db.exec('COMMIT')
      return { outcomes }
    } catch (error) {
      this.#db.exec('ROLLBACK')
      throw error
    }
  }

  #raiseFlag(coupleId: string, entry: LoggedEntry, metrics: ReadonlyMap<string, Metric>) {
    const metric = metrics.get(entry.metricId)
    if (!metric) return null
    const week = this.#partnersWeek
      .all(coupleId, entry.metricId, entry.partner, addDays(entry.day, -6), entry.day)
      .map(toEntry)
    const flag = entryFlag(entry, metric, week)
    return flag ? this.#flags.raise(coupleId, entry, flag) : null
  }

  /** The couple's entries from `from` to `to` (days, both included) that `reader` may see. */
  inWindow(coupleId: string, from: string, to: string, reader: EntryReader): ProgressEntry[] {
    const rows =
      reader.role === 'therapist'
        ? this.#forTherapist.all(coupleId, from, to)
        : this.#forPartner.all(coupleId, from, to, reader.role, reader.personId)
    return rows.map(toEntry)
  }
}

/** The entry's values in the order of `columns`; no note is stored as NULL. */
function toRow(coupleId: string, entry: LoggedEntry) {
  return [
    entry.id,
    coupleId,
    entry.metricId,
    entry.partner,
    entry.loggedBy,
    entry.day,
    entry.loggedAt,
    entry.utcOffsetMinutes,
    entry.value,
    entry.privacy,
    entry.note ?? null,
  ] as const
}

function toEntry(row: Record<string, unknown>): ProgressEntry {
  const entry: ProgressEntry = {
    id: String(row.id),
    metricId: String(row.metric_id),
    partner: String(row.partner) as EntryPartner,
    day: String(row.day),
    loggedAt: Number(row.logged_at),
    utcOffsetMinutes: Number(row.utc_offset_minutes),
    value: Number(row.value),
    privacy: String(row.privacy) as EntryPrivacy,
  }
  if (typeof row.note === 'string') entry.note = row.note
  return entry
}
