import type { BoardDoc } from './doc.ts'
import { BOARD_RECORDS } from './schema/registry.ts'
import type { MigrationOutcome } from './schema/versioning.ts'
import { documentSchema, migrateDocument } from './schema/versioning.ts'

/** The board's schema: every record's migrations, so a record that changes shape brings its own. */
const boardSchema = documentSchema(BOARD_RECORDS.flatMap((record) => record.migrations))

export const SCHEMA_VERSION = boardSchema.version

/**
 * Brings a loaded board up to the current schema; the server does it when it loads the document,
 * before anyone syncs. A board that is already current is not written to at all; one saved by a newer
 * server is left untouched ('newer').
 */
export function migrateBoard(doc: BoardDoc): MigrationOutcome {
  return migrateDocument(doc, boardSchema)
}
