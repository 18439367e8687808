import type { MigrationOutcome } from '@session-board/board'
import {
  NOTES_SCHEMA_VERSION,
  SCHEMA_VERSION,
  SCORES_SCHEMA_VERSION,
  migrateBoard,
  migrateNotes,
  migrateScores,
  schemaVersionOf,
} from '@session-board/board'
import * as Y from 'yjs'
import type { Logger } from '../log.ts'
import { errorKind } from '../log.ts'
import type { ServerWrite } from '../sync/extension.ts'

/**
 * Every document is brought up to its schema when the server loads it, before anyone syncs: clients
 * never migrate (`meta.schemaVersion` is the server's), so a schema change cannot set off a loop of
 * refused writes and reloads. The registry asks `migrateOnLoad` through its `afterLoad` hook.
 */

type DocumentKind = 'board' | 'notes' | 'scores'

const schemas: Record<DocumentKind, { version: number; migrate: (doc: Y.Doc) => MigrationOutcome }> = {
  board: { version: SCHEMA_VERSION, migrate: migrateBoard },
  notes: { version: NOTES_SCHEMA_VERSION, migrate: migrateNotes },
  scores: { version: SCORES_SCHEMA_VERSION, migrate: migrateScores },
}

/**
 * What a stored document is, by its name (see `documentName` in sync/extension.ts): a board is a couple's
 * or a legacy session's id, the notes and a partner's scores hang off it after a ':'. Anything else
 * (the sync core's own test rooms) is not the product's, and is left alone.
 */
const kinds: ReadonlyArray<[RegExp, DocumentKind]> = [
  [/^(?:cpl|ses)_[A-Za-z0-9_-]+$/, 'board'],
  [/^(?:cpl|ses)_[A-Za-z0-9_-]+:notes$/, 'notes'],
  [/^(?:cpl|ses)_[A-Za-z0-9_-]+:scores:(?:partnerA|partnerB)$/, 'scores'],
]

function documentKind(name: string): DocumentKind | null {
  return kinds.find(([pattern]) => pattern.test(name))?.[1] ?? null
}

/**
 * The registry's load hook: the migration to run as a server write, or null when the document is
 * current, is not ours, was saved by a newer server (left untouched, with a warning: an older server
 * must not rewrite what it does not understand), or would fail to migrate.
 */
export function migrateOnLoad(log: Logger): (name: string, doc: Y.Doc) => ServerWrite | null {
  return (name, doc) => {
    const kind = documentKind(name)
    if (kind === null) return null
    const { version, migrate } = schemas[kind]
    const found = schemaVersionOf(doc)
    if (found === version) return null
    const fields = { document: name, kind, version: found, known: version }
    if (found > version) {
      log.warn('document.newer_schema', fields)
      return null
    }
    // Yjs cannot roll a transaction back: a migration that throws halfway would leave half of itself in
    // the document, so it runs on a copy first.
    const trial = new Y.Doc()
    try {
      Y.applyUpdate(trial, Y.encodeStateAsUpdate(doc))
      migrate(trial)
    } catch (error) {
      log.error('document.migration_failed', { ...fields, error: errorKind(error) })
      return null
    } finally {
      trial.destroy()
    }
    return (target) => {
      migrate(target)
      log.info('document.migrated', fields)
    }
  }
}
