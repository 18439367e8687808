// What a couple's document takes in the server's SQLite file (apps/server/src/store/sqlite.ts): its
// snapshot row and its update log rows, keyed by the couple id. Read through a second, read-only
// connection while the server runs (the file is in WAL mode, so reading never blocks the server).
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'

export interface StoredSize {
  snapshotBytes: number
  logRows: number
  logBytes: number
}

export const storedBytes = (size: StoredSize): number => size.snapshotBytes + size.logBytes

export function readStoredSize(dataDir: string, documentName: string): StoredSize {
  const db = new DatabaseSync(join(dataDir, 'board.sqlite'), { readOnly: true })
  try {
    const snapshot = db
      .prepare('SELECT length(data) AS bytes FROM snapshots WHERE session_id = ?')
      .get(documentName)
    const log = db
      .prepare(
        'SELECT count(*) AS rows, coalesce(sum(length(data)), 0) AS bytes FROM updates WHERE session_id = ?',
      )
      .get(documentName)
    return {
      snapshotBytes: Number(snapshot?.bytes ?? 0),
      logRows: Number(log?.rows ?? 0),
      logBytes: Number(log?.bytes ?? 0),
    }
  } finally {
    db.close()
  }
}
