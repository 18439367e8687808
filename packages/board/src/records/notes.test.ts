import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { LOCAL_ORIGIN, metaMap } from '../doc.ts'
import { schemaVersionOf } from '../schema/versioning.ts'
import {
  NOTES_SCHEMA_VERSION,
  createNotesDoc,
  createNotesStore,
  migrateNotes,
  notesDiff,
  replaceNotesText,
  selectNotes,
} from './notes.ts'

/** Sends every update of each document to the other, as the server would. */
function exchange(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

describe('therapist notes', () => {
  it('starts empty and reads back what was written', () => {
    const doc = createNotesDoc()
    expect(selectNotes(doc)).toBe('')
    replaceNotesText(doc, 'Maya raised the move twice.')
    expect(selectNotes(doc)).toBe('Maya raised the move twice.')
    replaceNotesText(doc, 'Sam quieter today.')
    expect(selectNotes(doc)).toBe('Sam quieter today.')
    replaceNotesText(doc, '')
    expect(selectNotes(doc)).toBe('')
  })

  it('writes one local transaction per change, and nothing when the text is the same', () => {
    const doc = createNotesDoc()
    const origins: unknown[] = []
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin))
    replaceNotesText(doc, 'First note')
    replaceNotesText(doc, 'First note')
    expect(origins).toEqual([LOCAL_ORIGIN])
  })

  it('changes only the span that differs', () => {
    expect(notesDiff('abcdef', 'abXYef')).toEqual({ index: 2, remove: 2, insert: 'XY' })
    expect(notesDiff('aaa', 'aaaa')).toEqual({ index: 3, remove: 0, insert: 'a' })
    expect(notesDiff('hello', '')).toEqual({ index: 0, remove: 5, insert: '' })
    // 😀 and 😃 share their first UTF-16 unit; the pair is replaced whole.
    expect(notesDiff('a😀b', 'a😃b')).toEqual({ index: 1, remove: 2, insert: '😃' })
  })

  it('keeps edits made in two tabs at the same time to different parts of the notes', () => {
    const first = createNotesDoc()
    const second = createNotesDoc()
    replaceNotesText(first, 'Opening.\nClosing.')
    exchange(first, second)
    replaceNotesText(first, 'Opening: calm.\nClosing.')
    replaceNotesText(second, 'Opening.\nClosing: homework agreed.')
    exchange(first, second)
    expect(selectNotes(first)).toBe('Opening: calm.\nClosing: homework agreed.')
    expect(selectNotes(second)).toBe(selectNotes(first))
  })

  it('keeps emoji whole when editing next to them', () => {
    const doc = createNotesDoc()
    replaceNotesText(doc, 'Mood 😀 today')
    replaceNotesText(doc, 'Mood 😃 today')
    replaceNotesText(doc, 'Mood 😃😀 today')
    expect(selectNotes(doc)).toBe('Mood 😃😀 today')
  })

  it('tells a subscriber about changes, with a stable snapshot between them', () => {
    const doc = createNotesDoc()
    const store = createNotesStore(doc)
    let calls = 0
    const stop = store.subscribe(() => calls++)
    replaceNotesText(doc, 'Check in on sleep')
    expect(store.getSnapshot()).toBe('Check in on sleep')
    expect(store.getSnapshot()).toBe(store.getSnapshot())
    stop()
    replaceNotesText(doc, 'Check in on sleep and work')
    expect(calls).toBe(1)
  })

  it('carry their own schema version, which migrating stamps without touching the text', () => {
    const doc = createNotesDoc()
    replaceNotesText(doc, 'Sleep is better.')
    expect(schemaVersionOf(doc)).toBe(0)
    expect(migrateNotes(doc)).toBe('migrated')
    expect(schemaVersionOf(doc)).toBe(NOTES_SCHEMA_VERSION)
    expect(selectNotes(doc)).toBe('Sleep is better.')
    expect(migrateNotes(doc)).toBe('current')
    metaMap(doc).set('schemaVersion', NOTES_SCHEMA_VERSION + 1)
    expect(migrateNotes(doc)).toBe('newer')
    expect(selectNotes(doc)).toBe('Sleep is better.')
  })
})
