import {
  NOTES_SCHEMA_VERSION,
  SCHEMA_VERSION,
  SCORES_SCHEMA_VERSION,
  addGoal,
  migrateBoard,
  replaceNotesText,
  schemaVersionOf,
  selectGoals,
  selectNotes,
  selectScores,
  selectSessionInfo,
  setScore,
  updateSessionInfo,
} from '@session-board/board'
import { MESSAGE_REFUSAL, connectTokenSchema } from '@session-board/protocol'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import type { RunningServer } from '../src/server.ts'
import { openSqliteStore } from '../src/store/sqlite.ts'
import { updatesInOrder } from '../src/store/types.ts'
import type { Client } from './helpers.ts'
import {
  boardName,
  connectClient,
  createCleanup,
  makeTempDir,
  storedUpdateCount,
  waitFor,
  waitForDoc,
  waitSynced,
} from './helpers.ts'
import { refusalsIn, watchRefusals } from './access/forger.ts'
import type { Person } from './access/people.ts'
import { openRoom, startSecureServer } from './access/people.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const names = { title: 'Week 3', partnerAName: 'Maya', partnerBName: 'Sam' }

/** A board as the first schema kept it, before couples: the partners' names in the session record. */
function boardAtVersion(schemaVersion: number): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('meta').set('schemaVersion', schemaVersion)
  const session = doc.getMap('session')
  for (const [key, value] of Object.entries(names)) session.set(key, value)
  session.set('status', 'open')
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/** Replaces what the store holds for a document, as an older (or newer) server would have left it. */
async function storeAsSavedElsewhere(
  server: RunningServer,
  dataDir: string,
  id: string,
  saved: Uint8Array,
): Promise<void> {
  const name = boardName(dataDir, id)
  await waitFor(() => !server.registry.isLoaded(name), 'the board to leave memory')
  const store = openSqliteStore({ dataDir })
  try {
    // Stored as one more update and compacted through it: a compaction through the current head
    // would be refused, since the snapshot already reaches it.
    const [seq] = await store.append([{ documentId: name, update: saved }])
    expect(await store.compact(name, saved, seq!)).toBe('done')
  } finally {
    await store.close()
  }
}

/** The document as the store holds it now. */
async function storedDoc(dataDir: string, id: string): Promise<Y.Doc> {
  const name = boardName(dataDir, id)
  const store = openSqliteStore({ dataDir })
  try {
    const doc = new Y.Doc()
    for (const update of updatesInOrder(await store.load(name))) Y.applyUpdate(doc, update)
    return doc
  } finally {
    await store.close()
  }
}

/** Every refusal message (not only the close after it) a real client receives. */
function countRefusalMessages(clients: readonly Client[]): { count: number } {
  const seen = { count: 0 }
  for (const { provider } of clients) {
    provider.messageHandlers[MESSAGE_REFUSAL] = () => {
      seen.count++
    }
  }
  return seen
}

const tokenFor = async (person: Person, sessionId: string, target: 'board' | 'notes' | 'scores') =>
  (
    await person.browser.json(
      'POST',
      `/api/sessions/${sessionId}/connect-token`,
      { target },
      connectTokenSchema,
    )
  ).token

async function connect(server: RunningServer, room: string, token: string): Promise<Client> {
  const client = connectClient(cleanup, server.url, room, { params: { token } })
  await waitSynced(client)
  return client
}

describe('the server migrates every document when it loads it', () => {
  it('opens a board saved at schema 1 at schema 2, and both partner and therapist write without a refusal', async () => {
    const dataDir = await makeTempDir(cleanup)
    const server = await startSecureServer(cleanup, { dataDir })
    const room = await openRoom(server, names)
    await storeAsSavedElsewhere(server, dataDir, room.sessionId, boardAtVersion(1))

    const partnerA = await connect(server, room.sessionId, await room.partnerA.token())
    const therapist = await connect(server, room.sessionId, await room.therapist.token())
    const closes = watchRefusals([partnerA, therapist])
    const refusals = countRefusalMessages([partnerA, therapist])

    for (const { doc } of [partnerA, therapist]) {
      expect(schemaVersionOf(doc)).toBe(2)
      expect(selectSessionInfo(doc)).toEqual(names)
      expect(doc.getMap('session').has('partnerAName')).toBe(false)
    }
    // A page still running the old migrate-on-sync finds nothing to do, so it writes nothing.
    let oldClientWrites = 0
    partnerA.doc.on('update', () => oldClientWrites++)
    expect(migrateBoard(partnerA.doc)).toBe('current')
    expect(oldClientWrites).toBe(0)

    const goalId = addGoal(partnerA.doc, { title: 'Walk after dinner' })
    updateSessionInfo(therapist.doc, { title: 'Week 3, after the move' })
    await waitForDoc(therapist.doc, () => selectGoals(therapist.doc).some((g) => g.id === goalId), 'the goal')
    await waitForDoc(
      partnerA.doc,
      () => selectSessionInfo(partnerA.doc).title === 'Week 3, after the move',
      'the new title',
    )
    expect(closes).toEqual([])
    expect(refusals.count).toBe(0)
    expect(await refusalsIn(server, room.sessionId)).toEqual([])
    expect(partnerA.provider.wsconnected && therapist.provider.wsconnected).toBe(true)

    // Stored: the migration and both writes are there once everyone has left.
    partnerA.provider.destroy()
    therapist.provider.destroy()
    await waitFor(
      () => !server.registry.isLoaded(boardName(dataDir, room.sessionId)),
      'the board to leave memory',
    )
    const stored = await storedDoc(dataDir, room.sessionId)
    expect(schemaVersionOf(stored)).toBe(2)
    expect(selectSessionInfo(stored)).toEqual({ ...names, title: 'Week 3, after the move' })
    expect(selectGoals(stored).map((goal) => goal.title)).toEqual(['Walk after dinner'])
  })

  it('leaves a board saved by a newer server as it is, with a warning that names nobody', async () => {
    const written: string[] = []
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk))
      return true
    })
    cleanup.add(() => stderr.mockRestore())
    const dataDir = await makeTempDir(cleanup)
    const server = await startSecureServer(cleanup, { dataDir, logLevel: 'warn' })
    const room = await openRoom(server, names)
    const newer = SCHEMA_VERSION + 3
    await storeAsSavedElsewhere(server, dataDir, room.sessionId, boardAtVersion(newer))
    const rowsBefore = await storedUpdateCount(server, room.sessionId)

    const therapist = await connect(server, room.sessionId, await room.therapist.token())
    expect(schemaVersionOf(therapist.doc)).toBe(newer)
    expect(therapist.doc.getMap('session').get('partnerAName')).toBe('Maya')
    expect(await storedUpdateCount(server, room.sessionId)).toBe(rowsBefore)

    const warning = written.find((line) => line.includes('"document.newer_schema"'))
    expect(warning).toBeDefined()
    expect(JSON.parse(warning ?? '{}')).toMatchObject({
      document: boardName(dataDir, room.sessionId),
      kind: 'board',
      version: newer,
      known: SCHEMA_VERSION,
    })
    expect(written.join('')).not.toMatch(/Maya|Sam/)

    // The server goes on serving it: a second person joins and a write is accepted.
    const partnerB = await connect(server, room.sessionId, await room.partnerB.token())
    const goalId = addGoal(partnerB.doc, { title: 'Cook together on Sunday' })
    await waitForDoc(therapist.doc, () => selectGoals(therapist.doc).some((g) => g.id === goalId), 'the goal')
    expect(await refusalsIn(server, room.sessionId)).toEqual([])
    expect(schemaVersionOf(therapist.doc)).toBe(newer)
  })

  it('gives the notes and each partner’s scores their own schema version on load', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server, names)

    const notes = await connect(
      server,
      `${room.sessionId}/notes`,
      await tokenFor(room.therapist, room.sessionId, 'notes'),
    )
    expect(schemaVersionOf(notes.doc)).toBe(NOTES_SCHEMA_VERSION)
    const scores = await connect(
      server,
      `${room.sessionId}/scores`,
      await tokenFor(room.partnerA, room.sessionId, 'scores'),
    )
    expect(schemaVersionOf(scores.doc)).toBe(SCORES_SCHEMA_VERSION)

    // Both write as before; a second connection of each reads it back from the server.
    replaceNotesText(notes.doc, 'Maya raised the move twice.')
    setScore(scores.doc, 'prop1', 'burden', 7)
    const notesAgain = await connect(
      server,
      `${room.sessionId}/notes`,
      await tokenFor(room.therapist, room.sessionId, 'notes'),
    )
    await waitForDoc(notesAgain.doc, () => selectNotes(notesAgain.doc) !== '', 'the notes')
    expect(selectNotes(notesAgain.doc)).toBe('Maya raised the move twice.')
    const scoresAgain = await connect(
      server,
      `${room.sessionId}/scores`,
      await tokenFor(room.partnerA, room.sessionId, 'scores'),
    )
    await waitForDoc(scoresAgain.doc, () => 'prop1' in selectScores(scoresAgain.doc), 'the score')
    expect(await refusalsIn(server, room.sessionId)).toEqual([])

    // The version stays the server's to write.
    const refused = countRefusalMessages([scores])
    const closed = new Promise<number | undefined>((resolve) =>
      scores.provider.on('connection-close', (event) => resolve(event?.code)),
    )
    scores.doc.getMap('meta').set('schemaVersion', SCORES_SCHEMA_VERSION + 1)
    expect(await closed).toBe(4403)
    expect(refused.count).toBe(1)
  })
})
