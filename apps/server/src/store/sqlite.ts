import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import type { AppendEntry, DocumentStore, StoredDocument } from './types.ts'

/**
 * NORMAL survives a crash of this process (WAL pages are already in the OS); FULL also survives a power
 * cut, at the price of an fsync per transaction.
 */
export type SqliteSynchronous = 'NORMAL' | 'FULL'

export type SqliteStoreOptions = { dataDir: string; synchronous?: SqliteSynchronous }

/**
 * The one database file, `DATA_DIR/board.sqlite`: documents, accounts, invitations and the audit trail
 * share it, so a backup is one file and one transaction can span them.
 */
export function openDatabase({ dataDir, synchronous = 'NORMAL' }: SqliteStoreOptions): DatabaseSync {
  mkdirSync(dataDir, { recursive: true })
  const db = new DatabaseSync(join(dataDir, 'board.sqlite'))
  db.exec('PRAGMA journal_mode = WAL')
  db.exec(`PRAGMA synchronous = ${synchronous}`)
  db.exec('PRAGMA busy_timeout = 5000')
  return db
}

const schema = `
  CREATE TABLE IF NOT EXISTS updates (
    -- AUTOINCREMENT so an id is never reused after compaction deletes the newest rows: a compaction
    -- bound (upToId) must never cover a row appended after its snapshot was taken.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS updates_by_session ON updates (session_id, id);
  CREATE TABLE IF NOT EXISTS snapshots (
    session_id TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    updated_at INTEGER NOT NULL
  );
  -- Who writes under each Yjs client id of a document; kept through compaction, like the document.
  CREATE TABLE IF NOT EXISTS client_owners (
    document TEXT NOT NULL,
    client_id INTEGER NOT NULL,
    owner TEXT NOT NULL,
    PRIMARY KEY (document, client_id)
  ) WITHOUT ROWID;
`

/**
 * The embedded store: every session's document in `DATA_DIR/board.sqlite`. Given an open `db`, it
 * shares that connection and leaves closing it to its owner.
 */
export function openSqliteStore(options: SqliteStoreOptions | { db: DatabaseSync }): DocumentStore {
  const ownsDb = !('db' in options)
  const db = 'db' in options ? options.db : openDatabase(options)
  db.exec(schema)

  const selectSnapshot = db.prepare('SELECT data FROM snapshots WHERE session_id = ?')
  const selectLog = db.prepare('SELECT id, data FROM updates WHERE session_id = ? ORDER BY id')
  const insertUpdate = db.prepare('INSERT INTO updates (session_id, data, created_at) VALUES (?, ?, ?)')
  const upsertSnapshot = db.prepare(
    `INSERT INTO snapshots (session_id, data, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (session_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
  )
  const deleteLog = db.prepare('DELETE FROM updates WHERE session_id = ? AND id <= ?')
  const selectOwners = db.prepare('SELECT client_id, owner FROM client_owners WHERE document = ?')
  // OR IGNORE: a claim is repeated by every update sent before its first one is stored; the first wins.
  const insertOwner = db.prepare(
    'INSERT OR IGNORE INTO client_owners (document, client_id, owner) VALUES (?, ?, ?)',
  )

  const inTransaction = <T>(work: () => T): T => {
    db.exec('BEGIN IMMEDIATE')
    try {
      const result = work()
      db.exec('COMMIT')
      return result
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }

  const load = (sessionId: string): StoredDocument => {
    const updates: Uint8Array[] = []
    const snapshot = selectSnapshot.get(sessionId)
    if (snapshot) updates.push(snapshot.data as Uint8Array)
    let lastId = 0
    for (const row of selectLog.iterate(sessionId)) {
      updates.push(row.data as Uint8Array)
      lastId = Number(row.id)
    }
    const owners = selectOwners
      .all(sessionId)
      .map((row) => ({ clientId: Number(row.client_id), owner: String(row.owner) }))
    return { updates, lastId, owners }
  }

  const append = (batch: readonly AppendEntry[]): number[] =>
    inTransaction(() => {
      const now = Date.now()
      return batch.map(({ sessionId, update, claims = [] }) => {
        for (const { clientId, owner } of claims) insertOwner.run(sessionId, clientId, owner)
        return Number(insertUpdate.run(sessionId, update, now).lastInsertRowid)
      })
    })

  const compact = (sessionId: string, snapshot: Uint8Array, upToId: number): void =>
    inTransaction(() => {
      upsertSnapshot.run(sessionId, snapshot, Date.now())
      deleteLog.run(sessionId, upToId)
    })

  return {
    load: async (sessionId) => load(sessionId),
    append: async (batch) => append(batch),
    compact: async (sessionId, snapshot, upToId) => compact(sessionId, snapshot, upToId),
    close: async () => {
      if (ownsDb && db.isOpen) db.close()
    },
  }
}
