import { describe, expect, it } from 'vitest'
import { createBoardDoc, metaMap } from './doc.ts'
import { SCHEMA_VERSION, migrateBoard, schemaVersionOf } from './schema.ts'

describe('schema', () => {
  it('stamps a new document with the current schema version', () => {
    const doc = createBoardDoc()
    expect(schemaVersionOf(doc)).toBe(0)
    migrateBoard(doc)
    expect(schemaVersionOf(doc)).toBe(SCHEMA_VERSION)
  })

  it('does not write to a document that is already current', () => {
    const doc = createBoardDoc()
    migrateBoard(doc)
    let writes = 0
    doc.on('update', () => writes++)
    migrateBoard(doc)
    expect(writes).toBe(0)
  })

  it('refuses a document from a newer version with a clear message', () => {
    const doc = createBoardDoc()
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1)
    expect(() => migrateBoard(doc)).toThrow(/newer version/)
  })
})
