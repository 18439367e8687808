// Reads back what a persistent server left on disk, after it stopped, to check that "persistence on"
// really stored the edits: for each session, the last seq of each client as the stored document has it.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { LeveldbPersistence } from 'y-leveldb'
import * as Y from 'yjs'
import type { Edits } from './edits.ts'
import { isOurs } from './servers.ts'
import type { ServerKind } from './servers.ts'

export interface DurabilityCheck {
  sessions: number
  /** Sessions whose stored document holds every client's final edit. */
  complete: number
  /** Final edits missing from storage, summed over sessions and clients. */
  missingEdits: number
  error: string | null
}

export function checkStored(
  kind: ServerKind,
  dataDir: string,
  finalSeqs: Record<string, number[]>,
  edits: Edits,
): Promise<DurabilityCheck> {
  return compareStored(finalSeqs, edits, async (sessionIds) =>
    isOurs(kind) ? readSqlite(dataDir, sessionIds) : await readLeveldb(dataDir, finalSeqs),
  )
}

/** Counts the sessions whose document, as `read` gives it back from storage, holds every final edit. */
export async function compareStored(
  finalSeqs: Record<string, number[]>,
  edits: Edits,
  read: (sessionIds: string[]) => Promise<Map<string, Y.Doc>>,
): Promise<DurabilityCheck> {
  const check: DurabilityCheck = {
    sessions: Object.keys(finalSeqs).length,
    complete: 0,
    missingEdits: 0,
    error: null,
  }
  try {
    const stored = await read(Object.keys(finalSeqs))
    for (const [sessionId, seqs] of Object.entries(finalSeqs)) {
      const doc = stored.get(sessionId)
      const storedSeqs = doc ? edits.seqsIn(doc) : []
      const missing = seqs.reduce((sum, seq, i) => sum + Math.max(0, seq - (storedSeqs[i] ?? 0)), 0)
      check.missingEdits += missing
      if (missing === 0) check.complete++
    }
  } catch (error) {
    check.error = error instanceof Error ? error.message : String(error)
  }
  return check
}

/** Mirrors apps/server/src/store/sqlite.ts: a snapshot per session plus the update log after it. */
function readSqlite(dataDir: string, sessionIds: string[]): Map<string, Y.Doc> {
  const file = join(dataDir, 'board.sqlite')
  if (!existsSync(file)) throw new Error(`no ${file}`)
  const db = new DatabaseSync(file, { readOnly: true })
  try {
    const snapshot = db.prepare('SELECT data FROM snapshots WHERE session_id = ?')
    const log = db.prepare('SELECT data FROM updates WHERE session_id = ? ORDER BY seq')
    // With the secure hooks a session's board is stored as its couple's document; open rooms by their id.
    const hasCouples = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'couples'")
      .get()
    const coupleOf = hasCouples ? db.prepare('SELECT couple_id FROM sessions WHERE id = ?') : null
    const docs = new Map<string, Y.Doc>()
    for (const sessionId of sessionIds) {
      const row = coupleOf?.get(sessionId)
      const name = typeof row?.couple_id === 'string' ? row.couple_id : sessionId
      const doc = new Y.Doc()
      const base = snapshot.get(name)
      if (base) Y.applyUpdate(doc, base.data as Uint8Array)
      for (const update of log.iterate(name)) Y.applyUpdate(doc, update.data as Uint8Array)
      docs.set(sessionId, doc)
    }
    return docs
  } finally {
    db.close()
  }
}

async function readLeveldb(
  dataDir: string,
  finalSeqs: Record<string, number[]>,
): Promise<Map<string, Y.Doc>> {
  const persistence = new LeveldbPersistence(dataDir)
  try {
    const docs = new Map<string, Y.Doc>()
    for (const sessionId of Object.keys(finalSeqs)) docs.set(sessionId, await persistence.getYDoc(sessionId))
    return docs
  } finally {
    await persistence.destroy()
  }
}
