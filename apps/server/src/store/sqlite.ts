import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import type { SqliteSql } from './sqliteSql.ts'
import type {
  AppendEntry,
  CatchUp,
  ClientOwner,
  CompactResult,
  DocumentStore,
  LoggedUpdate,
  StoredDocument,
} from './types.ts'

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
  -- Each document's newest seq: appends take the next numbers from here, so a seq is never given twice,
  -- even after compaction deleted the rows that carried the highest ones.
  CREATE TABLE IF NOT EXISTS documents (
    name TEXT PRIMARY KEY,
    head_seq INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS updates (
    session_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, seq)
  );
  CREATE TABLE IF NOT EXISTS snapshots (
    session_id TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    updated_at INTEGER NOT NULL,
    -- The seq of the last update folded into it.
    through_seq INTEGER NOT NULL DEFAULT 0
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
 * Creates the document tables, or upgrades a log kept before documents had seqs: its rows, ordered
 * by their old global id, are numbered per document. The log's shape is told by the `documents`
 * table, not by user_version, which the access tables own.
 */
function createDocumentTables(db: DatabaseSync): void {
  const hasTable = (name: string) =>
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined
  if (hasTable('documents')) return
  inTransaction(db, () => {
    if (hasTable('documents')) return
    const unnumbered = hasTable('updates')
    if (unnumbered) {
      db.exec('ALTER TABLE updates RENAME TO updates_by_id')
      db.exec('ALTER TABLE snapshots ADD COLUMN through_seq INTEGER NOT NULL DEFAULT 0')
    }
    db.exec(schema)
    if (!unnumbered) return
    // A snapshot taken then covers only rows already deleted, so every remaining row comes after it.
    db.exec(`
      INSERT INTO updates (session_id, seq, data, created_at)
        SELECT session_id, ROW_NUMBER() OVER (PARTITION BY session_id ORDER BY id), data, created_at
        FROM updates_by_id;
      DROP TABLE updates_by_id;
      INSERT INTO documents (name, head_seq)
        SELECT session_id, max(seq) FROM updates GROUP BY session_id;
      INSERT INTO documents (name, head_seq)
        SELECT session_id, 0 FROM snapshots WHERE true ON CONFLICT (name) DO NOTHING;
    `)
  })
}

/** A write takes the lock at once (IMMEDIATE); a read (DEFERRED) sees one state of the file throughout. */
function inTransaction<T>(db: DatabaseSync, work: () => T, mode: 'IMMEDIATE' | 'DEFERRED' = 'IMMEDIATE'): T {
  db.exec(`BEGIN ${mode}`)
  try {
    const result = work()
    db.exec('COMMIT')
    return result
  } catch (error) {
    db.exec('ROLLBACK')
    throw error
  }
}

/**
 * The embedded store: every document in `DATA_DIR/board.sqlite`. Given the access tables' `sql`, it
 * shares that connection, leaves closing it to its owner, and waits for their open transactions.
 */
export function openSqliteStore(options: SqliteStoreOptions | { sql: SqliteSql }): DocumentStore {
  const ownsDb = !('sql' in options)
  const db = 'sql' in options ? options.sql.db : openDatabase(options)
  createDocumentTables(db)

  // A document's newest seq: its highest row, or the head recorded when compaction deleted rows. One
  // process writes this file (several instances need PostgreSQL), so the head is read once and then
  // kept here; an append no longer writes the documents table.
  const selectHead = db.prepare(
    `SELECT max(
       coalesce((SELECT head_seq FROM documents WHERE name = ?1), 0),
       coalesce((SELECT max(seq) FROM updates WHERE session_id = ?1), 0)
     ) AS head_seq`,
  )
  const recordHead = db.prepare(
    `INSERT INTO documents (name, head_seq) VALUES (?, ?)
     ON CONFLICT (name) DO UPDATE SET head_seq = max(head_seq, excluded.head_seq)`,
  )
  const heads = new Map<string, number>()
  const selectSnapshot = db.prepare('SELECT data, through_seq FROM snapshots WHERE session_id = ?')
  const selectLog = db.prepare('SELECT seq, data FROM updates WHERE session_id = ? AND seq > ? ORDER BY seq')
  const insertUpdate = db.prepare(
    'INSERT INTO updates (session_id, seq, data, created_at) VALUES (?, ?, ?, ?)',
  )
  const upsertSnapshot = db.prepare(
    `INSERT INTO snapshots (session_id, data, updated_at, through_seq) VALUES (?, ?, ?, ?)
     ON CONFLICT (session_id) DO UPDATE
       SET data = excluded.data, updated_at = excluded.updated_at, through_seq = excluded.through_seq
       WHERE snapshots.through_seq < excluded.through_seq`,
  )
  const deleteLog = db.prepare('DELETE FROM updates WHERE session_id = ? AND seq <= ?')
  const selectOwners = db.prepare('SELECT client_id, owner FROM client_owners WHERE document = ?')
  // OR IGNORE: a claim is repeated by every update sent before its first one is stored; the first wins.
  const insertOwner = db.prepare(
    'INSERT OR IGNORE INTO client_owners (document, client_id, owner) VALUES (?, ?, ?)',
  )

  const head = (documentId: string): number => {
    let seq = heads.get(documentId)
    if (seq === undefined) heads.set(documentId, (seq = Number(selectHead.get(documentId)?.head_seq ?? 0)))
    return seq
  }

  const logAfter = (documentId: string, afterSeq: number): LoggedUpdate[] =>
    selectLog
      .all(documentId, afterSeq)
      .map((row) => ({ seq: Number(row.seq), update: row.data as Uint8Array }))

  const reading = <T>(work: () => T): T => inTransaction(db, work, 'DEFERRED')

  const ownersOf = (documentId: string): ClientOwner[] =>
    selectOwners.all(documentId).map((row) => ({ clientId: Number(row.client_id), owner: String(row.owner) }))

  const load = (documentId: string): StoredDocument =>
    reading(() => {
      const snapshot = selectSnapshot.get(documentId)
      const owners = ownersOf(documentId)
      return {
        snapshot: snapshot ? (snapshot.data as Uint8Array) : null,
        updates: logAfter(documentId, 0),
        headSeq: head(documentId),
        owners,
      }
    })

  const since = (documentId: string, afterSeq: number): CatchUp =>
    reading(() => {
      const snapshot = selectSnapshot.get(documentId)
      // A reader with nothing (0) lacks even a snapshot from before seqs existed (through 0).
      const lacksSnapshot =
        snapshot !== undefined && (afterSeq === 0 || Number(snapshot.through_seq) > afterSeq)
      return {
        snapshot: lacksSnapshot ? (snapshot.data as Uint8Array) : null,
        updates: logAfter(documentId, afterSeq),
        owners: ownersOf(documentId),
      }
    })

  const append = (batch: readonly AppendEntry[]): number[] => {
    // The heads move only once the transaction committed: a rolled-back batch gave out no seq.
    const movedHeads = new Map<string, number>()
    const seqs = inTransaction(db, () => {
      const now = Date.now()
      return batch.map(({ documentId, update, claims = [] }) => {
        for (const { clientId, owner } of claims) insertOwner.run(documentId, clientId, owner)
        const seq = (movedHeads.get(documentId) ?? head(documentId)) + 1
        movedHeads.set(documentId, seq)
        insertUpdate.run(documentId, seq, update, now)
        return seq
      })
    })
    for (const [documentId, seq] of movedHeads) heads.set(documentId, seq)
    return seqs
  }

  const headsOf = (documentIds: readonly string[]): Map<string, number> =>
    new Map(documentIds.map((documentId) => [documentId, head(documentId)]))

  // One process never races itself here, so a compaction is never 'busy'.
  const compact = (documentId: string, snapshot: Uint8Array, upToSeq: number): CompactResult =>
    inTransaction(db, () => {
      if (upsertSnapshot.run(documentId, snapshot, Date.now(), upToSeq).changes === 0) return 'stale'
      // The rows about to go may hold the highest seq: the head is recorded, so it is never given again.
      recordHead.run(documentId, upToSeq)
      deleteLog.run(documentId, upToSeq)
      return 'done'
    })

  return outsideTransactions('sql' in options ? options.sql : null, {
    load: async (documentId) => load(documentId),
    append: async (batch) => append(batch),
    since: async (documentId, afterSeq) => since(documentId, afterSeq),
    head: async (documentId) => head(documentId),
    heads: async (documentIds) => headsOf(documentIds),
    compact: async (documentId, snapshot, upToSeq) => compact(documentId, snapshot, upToSeq),
    close: async () => {
      if (ownsDb && db.isOpen) db.close()
    },
  })
}

/**
 * On a shared connection each call runs only while no access transaction is open: its statements (its
 * own BEGIN included) would otherwise join that transaction. Every method does its SQL synchronously,
 * before it first awaits, so running the call under the lock runs all of its SQL there.
 */
function outsideTransactions(sql: SqliteSql | null, store: DocumentStore): DocumentStore {
  if (!sql) return store
  const guarded: Record<string, unknown> = {}
  for (const [name, method] of Object.entries(store) as Array<[string, (...args: never[]) => unknown]>) {
    guarded[name] = (...args: never[]) => sql.exclusive(() => method(...args))
  }
  return guarded as DocumentStore
}
