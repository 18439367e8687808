import type { AuditAction, AuditEntry } from '@session-board/protocol'
import type { Logger } from '../log.ts'
import { errorKind } from '../log.ts'
import type { Sql } from '../store/sql.ts'

export type AuditRecord = {
  action: AuditAction
  sessionId?: string | null
  actorRole?: string | null
  actorId?: string | null
  subjectId?: string | null
  /** A content-free code; never names, emails or anything a person wrote. */
  detail?: string | null
}

/** The values of one audit row, in the order of `columns`. */
type AuditValues = [
  number,
  AuditAction,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
]

const columns = 'at, action, session_id, actor_role, actor_id, subject_id, detail'
/** Rows per INSERT: few distinct statement texts, and far below either engine's limit on bound values. */
const ROWS_PER_INSERT = 100

/**
 * The append-only audit trail (the table refuses UPDATE and DELETE by trigger). Recording never waits
 * for the store: an entry is timed and queued at once, and everything queued in one turn of the event
 * loop is written by one INSERT after it. `flush` waits for what was recorded before it; a read flushes
 * first, so it sees this server's own entries. A write that fails is logged (counts and the error's
 * kind only) and not retried.
 */
/** The longest detail kept: enough for a rule and the path it was about. */
const MAX_DETAIL_CHARS = 200

/**
 * A detail as both stores can keep it: PostgreSQL refuses U+0000 in text, and one refused row would
 * take the rows written with it.
 */
function storable(detail: string): string {
  const text = detail.replaceAll('\u0000', '\uFFFD')
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS - 1)}…` : text
}

export class AuditTrail {
  #sql: Sql
  #now: () => number
  #log: Logger
  #queued: AuditValues[] = []
  #scheduled = false
  /** The writes so far, one after another, so the rows keep the order they were recorded in. */
  #written: Promise<void> = Promise.resolve()

  constructor(sql: Sql, now: () => number, log: Logger) {
    this.#sql = sql
    this.#now = now
    this.#log = log
  }

  record(entry: AuditRecord): void {
    this.#queued.push([
      this.#now(),
      entry.action,
      entry.sessionId ?? null,
      entry.actorRole ?? null,
      entry.actorId ?? null,
      entry.subjectId ?? null,
      // A detail can name what a hostile client sent (a root, a field): kept short and storable.
      entry.detail == null ? null : storable(entry.detail),
    ])
    if (this.#scheduled) return
    this.#scheduled = true
    setImmediate(() => {
      this.#scheduled = false
      void this.flush()
    })
  }

  /** Resolves once every entry recorded before it is written (or its failure logged); never rejects. */
  flush(): Promise<void> {
    const batch = this.#queued.splice(0)
    if (batch.length > 0) this.#written = this.#written.then(() => this.#write(batch))
    return this.#written
  }

  async forActor(actorId: string): Promise<AuditEntry[]> {
    await this.flush()
    const rows = await this.#sql.all<Record<string, unknown>>(
      `SELECT id, ${columns} FROM audit WHERE actor_id = ? ORDER BY id`,
      [actorId],
    )
    return rows.map(toEntry)
  }

  async forSession(sessionId: string): Promise<AuditEntry[]> {
    await this.flush()
    const rows = await this.#sql.all<Record<string, unknown>>(
      `SELECT id, ${columns} FROM audit WHERE session_id = ? ORDER BY id`,
      [sessionId],
    )
    return rows.map(toEntry)
  }

  async #write(batch: readonly AuditValues[]): Promise<void> {
    let written = 0
    try {
      while (written < batch.length) {
        const rows = batch.slice(written, written + ROWS_PER_INSERT)
        const values = rows.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')
        await this.#sql.run(`INSERT INTO audit (${columns}) VALUES ${values}`, rows.flat())
        written += rows.length
      }
    } catch (error) {
      // No entry's values: they name people and sessions.
      this.#log.error('audit.write_failed', {
        lost: batch.length - written,
        written,
        error: errorKind(error),
      })
    }
  }
}

function toEntry(row: Record<string, unknown>): AuditEntry {
  return {
    id: Number(row.id),
    at: Number(row.at),
    action: row.action as AuditAction,
    sessionId: row.session_id as string | null,
    actorRole: row.actor_role as string | null,
    actorId: row.actor_id as string | null,
    subjectId: row.subject_id as string | null,
    detail: row.detail as string | null,
  }
}

const csvColumns = ['id', 'at', 'action', 'sessionId', 'actorRole', 'actorId', 'subjectId', 'detail'] as const

/** RFC 4180 CSV, with ISO times; a leading =+-@ is neutralised so a spreadsheet runs no formula. */
export function auditToCsv(entries: readonly AuditEntry[]): string {
  const cell = (value: string | number | null): string => {
    let text = value === null ? '' : String(value)
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
  }
  const lines = entries.map((entry) =>
    csvColumns
      .map((column) => cell(column === 'at' ? new Date(entry.at).toISOString() : entry[column]))
      .join(','),
  )
  return [csvColumns.join(','), ...lines].join('\r\n') + '\r\n'
}
