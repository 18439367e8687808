import type { Sql } from './sql.ts'

/**
 * One part of the PostgreSQL schema as numbered steps: step n (counting from 1) brings the part from
 * version n-1 to n. A step, once released, is never edited; a change is a new step at the end.
 */
export type Migrations = readonly string[]

/**
 * The document log, as the SQLite store keeps it: each document's head, its numbered updates, its
 * snapshot and who writes under each Yjs client id. Times are ms since the epoch (BIGINT), read from
 * the database's clock so that every instance writes the same one.
 */
const documentMigrations: Migrations = [
  `
  -- Each document's newest seq. Appends take the next numbers from here under this row's lock, which
  -- also orders the writers of one document across instances.
  CREATE TABLE documents (
    name TEXT PRIMARY KEY,
    head_seq BIGINT NOT NULL
  );
  CREATE TABLE updates (
    document TEXT NOT NULL,
    seq BIGINT NOT NULL,
    data BYTEA NOT NULL,
    created_at BIGINT NOT NULL DEFAULT (floor(extract(epoch FROM clock_timestamp()) * 1000)),
    PRIMARY KEY (document, seq)
  );
  CREATE TABLE snapshots (
    document TEXT PRIMARY KEY,
    data BYTEA NOT NULL,
    updated_at BIGINT NOT NULL DEFAULT (floor(extract(epoch FROM clock_timestamp()) * 1000)),
    -- The seq of the last update folded into it.
    through_seq BIGINT NOT NULL
  );
  -- Yjs client ids are unsigned 32-bit numbers, beyond INTEGER's range.
  CREATE TABLE client_owners (
    document TEXT NOT NULL,
    client_id BIGINT NOT NULL,
    owner TEXT NOT NULL,
    PRIMARY KEY (document, client_id)
  );
  `,
]

/**
 * Two int keys, not one bigint: PostgreSQL keeps the two kinds of advisory key apart, so this lock
 * never meets a document's compaction lock (`hashtextextended(name, 0)`), whatever the name.
 */
const SCHEMA_LOCK = [0x626f6172, 1] as const

/**
 * Brings one part of the schema to its newest version, recorded in `schema_version`. Two instances
 * that start at once take turns on an advisory lock: the second finds the work done. (Without it,
 * even CREATE TABLE IF NOT EXISTS can fail on the catalog's unique index when two run together.)
 */
export async function migratePostgres(sql: Sql, part: string, migrations: Migrations): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.get('SELECT pg_advisory_xact_lock(?, ?)', SCHEMA_LOCK)
    await tx.run(
      'CREATE TABLE IF NOT EXISTS schema_version (part TEXT PRIMARY KEY, version INTEGER NOT NULL)',
    )
    const row = await tx.get<{ version: number }>('SELECT version FROM schema_version WHERE part = ?', [part])
    const current = row?.version ?? 0
    if (current > migrations.length) {
      throw new Error(
        `The database's ${part} tables are at version ${current}, newer than this server knows ` +
          `(${migrations.length}); run the newer server, or a database of this one's.`,
      )
    }
    for (const step of migrations.slice(current)) await tx.run(step)
    if (current === migrations.length) return
    await tx.run(
      `INSERT INTO schema_version (part, version) VALUES (?, ?)
       ON CONFLICT (part) DO UPDATE SET version = excluded.version`,
      [part, migrations.length],
    )
  })
}

export function createDocumentTables(sql: Sql): Promise<void> {
  return migratePostgres(sql, 'documents', documentMigrations)
}
