import type * as Y from 'yjs'
import { metaMap } from '../doc.ts'
import type { Migration } from './descriptor.ts'

/**
 * A kind of shared document (the board, the therapist's notes, a partner's scores) and its schema: the
 * migrations that take an older document to the current version, in the order they run. Version 1 is
 * each kind's first schema, which needs none; a document with no version is empty (or older than
 * versions), and gets every migration.
 */
export interface DocumentSchema {
  version: number
  migrations: readonly Migration[]
}

export function documentSchema(migrations: readonly Migration[]): DocumentSchema {
  const ordered = [...migrations].sort((a, b) => a.to - b.to)
  return { version: Math.max(1, ...ordered.map((migration) => migration.to)), migrations: ordered }
}

/** The schema version a document was last migrated to, from its `meta` map; 0 when it has none. */
export function schemaVersionOf(doc: Y.Doc): number {
  const version = metaMap(doc).get('schemaVersion')
  return typeof version === 'number' && Number.isInteger(version) ? version : 0
}

/**
 * What migrating a loaded document found: it was current (nothing written), it was older and is now
 * current, or it was written by a newer version than this code knows, and was left as it is.
 */
export type MigrationOutcome = 'current' | 'migrated' | 'newer'

/**
 * Brings a document up to its schema in one transaction. Only the server calls it, when it loads a
 * document: `meta.schemaVersion` is the server's to write, and a client that migrated would be refused.
 */
export function migrateDocument(doc: Y.Doc, schema: DocumentSchema): MigrationOutcome {
  const from = schemaVersionOf(doc)
  if (from > schema.version) return 'newer'
  if (from === schema.version) return 'current'
  doc.transact(() => {
    for (const migration of schema.migrations) if (migration.to > from) migration.up(doc)
    metaMap(doc).set('schemaVersion', schema.version)
  }, 'migration')
  return 'migrated'
}
