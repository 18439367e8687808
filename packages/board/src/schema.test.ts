import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createBoardDoc, metaMap, sessionMap } from './doc.ts'
import {
  SCORES_SCHEMA_VERSION,
  createScoresDoc,
  migrateScores,
  selectScores,
  setScore,
} from './records/grid.ts'
import { selectCouple, writeCoupleInfo } from './records/couple.ts'
import { selectSessionInfo, updateSessionInfo } from './records/session.ts'
import { writeSessionStatus } from './rules/stamps.ts'
import { SCHEMA_VERSION, migrateBoard } from './schema.ts'
import { schemaVersionOf } from './schema/versioning.ts'
import { selectBoard } from './store.ts'

/** A board as the first schema kept it: the partners' names in the session record. */
function boardAtVersion1(names: { partnerAName: unknown; partnerBName: unknown }): Y.Doc {
  const doc = createBoardDoc()
  doc.transact(() => {
    metaMap(doc).set('schemaVersion', 1)
    const session = sessionMap(doc)
    session.set('title', 'Week 3')
    session.set('partnerAName', names.partnerAName)
    session.set('partnerBName', names.partnerBName)
    session.set('status', 'open')
  })
  return doc
}

describe('the board schema', () => {
  it('is at version 2, where the names moved to the couple', () => {
    expect(SCHEMA_VERSION).toBe(2)
  })

  it('stamps a new document with the current schema version', () => {
    const doc = createBoardDoc()
    expect(schemaVersionOf(doc)).toBe(0)
    expect(migrateBoard(doc)).toBe('migrated')
    expect(schemaVersionOf(doc)).toBe(SCHEMA_VERSION)
    expect(doc.getMap('couple').size).toBe(0)
  })

  it('does not write to a document that is already current', () => {
    const doc = createBoardDoc()
    migrateBoard(doc)
    let writes = 0
    doc.on('update', () => writes++)
    expect(migrateBoard(doc)).toBe('current')
    expect(writes).toBe(0)
  })

  it('leaves a document from a newer version as it is', () => {
    const doc = boardAtVersion1({ partnerAName: 'Maya', partnerBName: 'Sam' })
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1)
    let writes = 0
    doc.on('update', () => writes++)
    expect(migrateBoard(doc)).toBe('newer')
    expect(writes).toBe(0)
    expect(sessionMap(doc).get('partnerAName')).toBe('Maya')
  })

  it('moves a version 1 board’s partner names from the session to the couple, in one transaction', () => {
    const doc = boardAtVersion1({ partnerAName: 'Maya', partnerBName: 'Sam' })
    let transactions = 0
    doc.on('afterTransaction', () => transactions++)
    expect(migrateBoard(doc)).toBe('migrated')
    expect(transactions).toBe(1)
    expect(schemaVersionOf(doc)).toBe(2)
    expect(sessionMap(doc).toJSON()).toEqual({ title: 'Week 3', status: 'open' })
    expect(selectCouple(doc)).toEqual({
      partnerAName: 'Maya',
      partnerBName: 'Sam',
      programStart: '',
      phase: null,
    })
    expect(selectSessionInfo(doc)).toEqual({ title: 'Week 3', partnerAName: 'Maya', partnerBName: 'Sam' })
  })

  it('keeps names the couple record already has, and drops stored names that are not names', () => {
    const doc = boardAtVersion1({ partnerAName: 'Old name', partnerBName: { not: 'a name' } })
    writeCoupleInfo(doc, { partnerAName: 'Maya' })
    migrateBoard(doc)
    expect(selectCouple(doc)).toMatchObject({ partnerAName: 'Maya', partnerBName: '' })
    expect(sessionMap(doc).has('partnerAName')).toBe(false)
    expect(sessionMap(doc).has('partnerBName')).toBe(false)
  })

  it('migrates a copy that syncs with its peer to the same board', () => {
    const server = boardAtVersion1({ partnerAName: 'Maya', partnerBName: 'Sam' })
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    migrateBoard(server)
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)))
    expect(selectBoard(client)).toEqual(selectBoard(server))
    expect(schemaVersionOf(client)).toBe(2)
    // What the web app's old migrate-on-sync did is now a no-op on a board the server migrated.
    let writes = 0
    client.on('update', () => writes++)
    expect(migrateBoard(client)).toBe('current')
    expect(writes).toBe(0)
  })
})

describe('the session and couple records after version 2', () => {
  it('keeps the title in the session and the names in the couple', () => {
    const doc = createBoardDoc()
    migrateBoard(doc)
    updateSessionInfo(doc, { title: 'Week 1', partnerAName: 'Ari', partnerBName: 'Bo' })
    writeSessionStatus(doc, 'open')
    expect(sessionMap(doc).toJSON()).toEqual({ title: 'Week 1', status: 'open' })
    expect(doc.getMap('couple').toJSON()).toEqual({ partnerAName: 'Ari', partnerBName: 'Bo' })
    expect(selectBoard(doc).session).toEqual({ title: 'Week 1', partnerAName: 'Ari', partnerBName: 'Bo' })
  })

  it('writes the couple’s program and phase for the server, and refuses values that do not fit', () => {
    const doc = createBoardDoc()
    writeCoupleInfo(doc, {
      partnerAName: 'Ari',
      partnerBName: 'Bo',
      programStart: '2025-03-04',
      phase: 'stabilization',
    })
    expect(selectBoard(doc).couple).toEqual({
      partnerAName: 'Ari',
      partnerBName: 'Bo',
      programStart: '2025-03-04',
      phase: 'stabilization',
    })
    expect(() => writeCoupleInfo(doc, { programStart: '4 March', partnerAName: 'Not written' })).toThrow(
      /programStart/,
    )
    expect(() => updateSessionInfo(doc, { title: 'Not written', partnerBName: 'x'.repeat(61) })).toThrow(
      /partnerBName/,
    )
    expect(selectSessionInfo(doc)).toEqual({ title: '', partnerAName: 'Ari', partnerBName: 'Bo' })
  })

  it('does not write a value the couple record already holds', () => {
    const doc = createBoardDoc()
    writeCoupleInfo(doc, { partnerAName: 'Ari', phase: 'intake' })
    let writes = 0
    doc.on('update', () => writes++)
    writeCoupleInfo(doc, { partnerAName: 'Ari', phase: 'intake' })
    expect(writes).toBe(0)
  })
})

describe('a partner’s scores document has its own schema version', () => {
  it('is stamped once, beside the scores, which it leaves alone', () => {
    const doc = createScoresDoc()
    setScore(doc, 'prop1', 'burden', 7)
    expect(migrateScores(doc)).toBe('migrated')
    expect(schemaVersionOf(doc)).toBe(SCORES_SCHEMA_VERSION)
    expect(selectScores(doc)).toEqual({ prop1: { burden: 7 } })
    expect(migrateScores(doc)).toBe('current')
    metaMap(doc).set('schemaVersion', SCORES_SCHEMA_VERSION + 1)
    expect(migrateScores(doc)).toBe('newer')
  })
})
