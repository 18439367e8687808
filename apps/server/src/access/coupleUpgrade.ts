import type { DatabaseSync } from 'node:sqlite'
import { randomId } from './tokens.ts'

/** A therapist's couple as sessions named it before couples existed: names trimmed, spaces collapsed, any case. */
function coupleKey(row: { therapist_id: unknown; partner_a_name: unknown; partner_b_name: unknown }): string {
  const name = (value: unknown) => String(value).trim().replace(/\s+/g, ' ').toLowerCase()
  return `${String(row.therapist_id)}\u0000${name(row.partner_a_name)}\u0000${name(row.partner_b_name)}`
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/**
 * Version 0 → 1: every stored session becomes part of a couple. Sessions are grouped the way the
 * huddle history used to group them (the same therapist and the same two names, in any case or
 * spacing); this runs once, and from then on a couple is a row, so renaming a partner breaks nothing.
 * The couple takes the names of its latest session and starts on the day of its first. Each session's
 * board is queued in `legacy_boards`, to be merged into the couple's document when the server starts.
 * Sessions that were open were live, so they count as started when they were created.
 */
export function groupSessionsIntoCouples(db: DatabaseSync): void {
  const rows = db
    .prepare(
      'SELECT id, therapist_id, partner_a_name, partner_b_name, created_at FROM sessions ORDER BY created_at, id',
    )
    .all()
  const groups = new Map<string, typeof rows>()
  for (const row of rows) {
    const key = coupleKey(row as Parameters<typeof coupleKey>[0])
    groups.set(key, [...(groups.get(key) ?? []), row])
  }
  const insertCouple = db.prepare(
    `INSERT INTO couples (id, therapist_id, partner_a_name, partner_b_name, program_start, phase, created_at)
     VALUES (?, ?, ?, ?, ?, 'active', ?)`,
  )
  const placeSession = db.prepare('UPDATE sessions SET couple_id = ?, started_at = created_at WHERE id = ?')
  const queueBoard = db.prepare('INSERT INTO legacy_boards (session_id, couple_id) VALUES (?, ?)')
  for (const sessions of groups.values()) {
    const first = sessions[0]
    const latest = sessions[sessions.length - 1]
    if (!first || !latest) continue
    const coupleId = randomId('cpl')
    const createdAt = Number(first.created_at)
    insertCouple.run(
      coupleId,
      String(first.therapist_id),
      String(latest.partner_a_name).trim(),
      String(latest.partner_b_name).trim(),
      isoDay(createdAt),
      createdAt,
    )
    for (const session of sessions) {
      placeSession.run(coupleId, String(session.id))
      queueBoard.run(String(session.id), coupleId)
    }
  }
}
