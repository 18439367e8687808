import type { DatabaseSync } from 'node:sqlite'
import type { AuditAction, AuditEntry } from '@session-board/protocol'

export type AuditRecord = {
  action: AuditAction
  sessionId?: string | null
  actorRole?: string | null
  actorId?: string | null
  subjectId?: string | null
  /** A content-free code; never names, emails or anything a person wrote. */
  detail?: string | null
}

/** The append-only audit trail (the table refuses UPDATE and DELETE by trigger). */
export class AuditTrail {
  #insert
  #bySession
  #byActor
  #now: () => number

  constructor(db: DatabaseSync, now: () => number) {
    this.#now = now
    this.#insert = db.prepare(
      `INSERT INTO audit (at, action, session_id, actor_role, actor_id, subject_id, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    this.#bySession = db.prepare(
      `SELECT id, at, action, session_id, actor_role, actor_id, subject_id, detail
       FROM audit WHERE session_id = ? ORDER BY id`,
    )
    this.#byActor = db.prepare(
      `SELECT id, at, action, session_id, actor_role, actor_id, subject_id, detail
       FROM audit WHERE actor_id = ? ORDER BY id`,
    )
  }

  forActor(actorId: string): AuditEntry[] {
    return this.#byActor.all(actorId).map(toEntry)
  }

  record(entry: AuditRecord): void {
    this.#insert.run(
      this.#now(),
      entry.action,
      entry.sessionId ?? null,
      entry.actorRole ?? null,
      entry.actorId ?? null,
      entry.subjectId ?? null,
      entry.detail ?? null,
    )
  }

  forSession(sessionId: string): AuditEntry[] {
    return this.#bySession.all(sessionId).map(toEntry)
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
