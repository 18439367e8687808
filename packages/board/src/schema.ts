import type { BoardDoc } from './doc.ts'
import { metaMap } from './doc.ts'
import { BOARD_RECORDS } from './schema/registry.ts'

/**
 * The records' migrations, in the order they run: each takes the document to the schema version
 * `to`. Version 1 is the first schema, which needs none; a document with no version is empty.
 */
const migrations = BOARD_RECORDS.flatMap((record) => record.migrations).sort((a, b) => a.to - b.to)

export const SCHEMA_VERSION = Math.max(1, ...migrations.map((migration) => migration.to))

export function schemaVersionOf(doc: BoardDoc): number {
  const version = metaMap(doc).get('schemaVersion')
  return typeof version === 'number' ? version : 0
}

/**
 * Brings a loaded document up to the current schema. Call it after the first sync, so a document that
 * is already current is not written to at all.
 */
export function migrateBoard(doc: BoardDoc): void {
  const from = schemaVersionOf(doc)
  if (from > SCHEMA_VERSION) {
    throw new Error(
      `This board was saved by a newer version (schema ${from}); please reload to get the update.`,
    )
  }
  if (from === SCHEMA_VERSION) return
  doc.transact(() => {
    for (const migration of migrations) if (migration.to > from) migration.up(doc)
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION)
  }, 'migration')
}
