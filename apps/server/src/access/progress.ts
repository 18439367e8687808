import type { EntryPartner, EntryPrivacy, Metric, PartnerRole, ProgressEntry } from '@session-board/board'
import { addDays, entryFlag } from '@session-board/board'
import type { FlagRecord } from '@session-board/protocol'
import type { Sql } from '../store/sql.ts'
import { Flags } from './flags.ts'

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

const window = `SELECT ${columns} FROM progress_entries WHERE couple_id = ? AND day BETWEEN ? AND ?`
const order = 'ORDER BY day, logged_at, id'

/** A batch refused because an entry's id is taken: thrown inside the transaction so nothing is kept. */
class IdTaken extends Error {
  readonly index: number
  constructor(index: number) {
    super(`Entry ${index + 1} has the id of another entry.`)
    this.index = index
  }
}

export class ProgressEntries {
  #sql: Sql
  #now: () => number

  constructor(sql: Sql, now: () => number) {
    this.#sql = sql
    this.#now = now
  }

  /**
   * Stores a batch in one transaction, each entry once. An id already stored with the same sender and
   * content is the phone's retry and counts as already stored; an id stored with anything else refuses
   * the whole batch, and nothing of it is kept. An entry stored now that crosses its metric's line
   * raises a flag in the same transaction; `metrics` holds each entry's metric.
   */
  async storeBatch(
    coupleId: string,
    entries: readonly LoggedEntry[],
    metrics: ReadonlyMap<string, Metric>,
  ): Promise<{ outcomes: StoreOutcome[] } | { takenIndex: number }> {
    const receivedAt = this.#now()
    try {
      return await this.#sql.transaction(async (sql) => {
        const flags = new Flags(sql, this.#now)
        const outcomes: StoreOutcome[] = []
        for (const [index, entry] of entries.entries()) {
          const row = toRow(coupleId, entry)
          const inserted = await sql.run(
            `INSERT INTO progress_entries (${columns}, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO NOTHING`,
            [...row, receivedAt],
          )
          if (inserted.changes === 1) {
            outcomes.push({ status: 'stored', flag: await raiseFlag(sql, flags, coupleId, entry, metrics) })
            continue
          }
          const stored = await sql.get<Row>(`SELECT ${columns} FROM progress_entries WHERE id = ?`, [
            entry.id,
          ])
          const same = stored !== null && Object.values(stored).every((value, at) => value === row[at])
          if (!same) throw new IdTaken(index)
          outcomes.push({ status: 'already stored', flag: await flags.forEntry(entry.id) })
        }
        return { outcomes }
      })
    } catch (error) {
      if (error instanceof IdTaken) return { takenIndex: error.index }
      throw error
    }
  }

  /** The couple's entries from `from` to `to` (days, both included) that `reader` may see. */
  async inWindow(coupleId: string, from: string, to: string, reader: EntryReader): Promise<ProgressEntry[]> {
    const rows =
      reader.role === 'therapist'
        ? await this.#sql.all<Row>(`${window} ${order}`, [coupleId, from, to])
        : // The other partner's entry only when it is shared; a therapist-only one stays with its sender.
          await this.#sql.all<Row>(
            `${window} AND (privacy = 'shared' OR partner = ? OR logged_by = ?) ${order}`,
            [coupleId, from, to, reader.role, reader.personId],
          )
    return rows.map(toEntry)
  }
}

/** The flag an entry stored now raises, if its partner's week crosses the metric's line. */
async function raiseFlag(
  sql: Sql,
  flags: Flags,
  coupleId: string,
  entry: LoggedEntry,
  metrics: ReadonlyMap<string, Metric>,
): Promise<FlagRecord | null> {
  const metric = metrics.get(entry.metricId)
  if (!metric) return null
  const week = await sql.all<Row>(
    `SELECT ${columns} FROM progress_entries
     WHERE couple_id = ? AND metric_id = ? AND partner = ? AND day BETWEEN ? AND ?`,
    [coupleId, entry.metricId, entry.partner, addDays(entry.day, -6), entry.day],
  )
  const flag = entryFlag(entry, metric, week.map(toEntry))
  return flag ? flags.raise(coupleId, entry, flag) : null
}

type Row = Record<string, unknown>

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
