import type { BoardDoc } from './doc.ts'
import { metaMap } from './doc.ts'

export const SCHEMA_VERSION = 1

type Migration = (doc: BoardDoc) => void

/** migrations[n] takes a document from version n to n + 1. Version 0 is an empty document. */
const migrations: Migration[] = [
  () => {
    // 0 → 1: the first schema; the maps are created on first use, nothing to move.
  },
]

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
    for (let version = from; version < SCHEMA_VERSION; version++) migrations[version]?.(doc)
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION)
  }, 'migration')
}
