import * as Y from 'yjs'
import { mutate } from '../doc.ts'
import type { Migration } from '../schema/descriptor.ts'
import type { MigrationOutcome } from '../schema/versioning.ts'
import { documentSchema, migrateDocument } from '../schema/versioning.ts'

/**
 * The therapist's private notes: a separate document (`/sync/:sessionId/notes`) that only the
 * therapist's connections may open or write. It holds one shared text, so two tabs of the same
 * therapist can both type without overwriting each other.
 */
export type NotesDoc = Y.Doc

export function createNotesDoc(): NotesDoc {
  return new Y.Doc()
}

/**
 * The notes' own schema, apart from the board's: `meta.schemaVersion` in the notes document. A change
 * to how notes are kept adds its `{ to, up }` here; version 1 is the text as it is.
 */
const notesMigrations: readonly Migration[] = []
const notesSchema = documentSchema(notesMigrations)

export const NOTES_SCHEMA_VERSION = notesSchema.version

/** Server only, when it loads a notes document: see `migrateDocument`. */
export function migrateNotes(doc: NotesDoc): MigrationOutcome {
  return migrateDocument(doc, notesSchema)
}

function notesText(doc: NotesDoc): Y.Text {
  return doc.getText('text')
}

export function selectNotes(doc: NotesDoc): string {
  return notesText(doc).toString()
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff

/**
 * The one changed span between two strings: what is kept at the start and at the end, never splitting
 * a surrogate pair (an emoji), so only the edited part is sent and merged.
 */
export function notesDiff(before: string, after: string): { index: number; remove: number; insert: string } {
  const shorter = Math.min(before.length, after.length)
  let start = 0
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--
  let end = 0
  while (
    end < shorter - start &&
    before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  )
    end++
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--
  return {
    index: start,
    remove: before.length - start - end,
    insert: after.slice(start, after.length - end),
  }
}

/** Makes the notes read `text`, changing only the span that differs, in one local transaction. */
export function replaceNotesText(doc: NotesDoc, text: string): void {
  const shared = notesText(doc)
  const { index, remove, insert } = notesDiff(shared.toString(), text)
  if (remove === 0 && insert === '') return
  mutate(doc, () => {
    if (remove > 0) shared.delete(index, remove)
    if (insert) shared.insert(index, insert)
  })
}

export interface NotesStore {
  subscribe(listener: () => void): () => void
  getSnapshot(): string
}

/** A store for React's useSyncExternalStore; the snapshot is a string, so it is stable between changes. */
export function createNotesStore(doc: NotesDoc): NotesStore {
  return {
    subscribe(listener) {
      doc.on('afterTransaction', listener)
      return () => doc.off('afterTransaction', listener)
    },
    getSnapshot: () => selectNotes(doc),
  }
}
