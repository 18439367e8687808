import { copyFile, mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openSqliteStore } from '../src/store/sqlite.ts'
import type { DocumentStore } from '../src/store/types.ts'
import { updatesInOrder } from '../src/store/types.ts'
import { createCleanup, makeTempDir } from './helpers.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

function open(dataDir: string): DocumentStore {
  const store = openSqliteStore({ dataDir })
  cleanup.add(() => store.close())
  return store
}

const bytes = (...values: number[]) => new Uint8Array(values)
const seqsOf = (updates: ReadonlyArray<{ seq: number }>) => updates.map(({ seq }) => seq)

describe('the document log numbers each document’s updates', () => {
  it('gap-free per document, even when one batch interleaves several documents', async () => {
    const store = open(await makeTempDir(cleanup))
    const first = await store.append([
      { documentId: 'plan', update: bytes(1) },
      { documentId: 'notes', update: bytes(2) },
      { documentId: 'plan', update: bytes(3) },
      { documentId: 'scores', update: bytes(4) },
      { documentId: 'notes', update: bytes(5) },
      { documentId: 'plan', update: bytes(6) },
    ])
    expect(first).toEqual([1, 1, 2, 1, 2, 3])
    const second = await store.append([
      { documentId: 'notes', update: bytes(7) },
      { documentId: 'plan', update: bytes(8) },
    ])
    expect(second).toEqual([3, 4])

    const plan = await store.load('plan')
    expect(plan.updates).toEqual([
      { seq: 1, update: bytes(1) },
      { seq: 2, update: bytes(3) },
      { seq: 3, update: bytes(6) },
      { seq: 4, update: bytes(8) },
    ])
    expect(plan.headSeq).toBe(4)
    expect(seqsOf((await store.load('notes')).updates)).toEqual([1, 2, 3])
    expect(await store.head('scores')).toBe(1)
    expect(await store.head('never-written')).toBe(0)
  })

  it('a batch that fails stores nothing and gives no numbers away', async () => {
    const store = open(await makeTempDir(cleanup))
    await store.append([{ documentId: 'plan', update: bytes(1) }])
    // An update without data breaks a NOT NULL constraint halfway through the batch.
    await expect(
      store.append([
        { documentId: 'plan', update: bytes(2) },
        { documentId: 'plan', update: null as unknown as Uint8Array },
      ]),
    ).rejects.toThrow()
    expect(await store.head('plan')).toBe(1)
    expect(await store.append([{ documentId: 'plan', update: bytes(4) }])).toEqual([2])
  })

  it('since() gives the updates after a seq, in order, and the snapshot when some were compacted', async () => {
    const store = open(await makeTempDir(cleanup))
    await store.append([1, 2, 3, 4].map((n) => ({ documentId: 'plan', update: bytes(n) })))
    await store.append([{ documentId: 'notes', update: bytes(9) }])

    expect(await store.since('plan', 2)).toEqual({
      snapshot: null,
      updates: [
        { seq: 3, update: bytes(3) },
        { seq: 4, update: bytes(4) },
      ],
    })
    expect(await store.since('plan', 4)).toEqual({ snapshot: null, updates: [] })

    await store.compact('plan', bytes(1, 2, 3), 3)
    expect(await store.since('plan', 3)).toEqual({ snapshot: null, updates: [{ seq: 4, update: bytes(4) }] })
    expect(await store.since('plan', 1)).toEqual({
      snapshot: bytes(1, 2, 3),
      updates: [{ seq: 4, update: bytes(4) }],
    })
  })

  it('compaction cuts by seq: later rows stay, and numbers go on after it, even past an emptied log', async () => {
    const store = open(await makeTempDir(cleanup))
    await store.append([1, 2, 3, 4].map((n) => ({ documentId: 'plan', update: bytes(n) })))
    await store.append([{ documentId: 'notes', update: bytes(9) }])

    await store.compact('plan', bytes(1, 2), 2)
    const plan = await store.load('plan')
    expect(plan.snapshot).toEqual(bytes(1, 2))
    expect(seqsOf(plan.updates)).toEqual([3, 4])
    expect(plan.headSeq).toBe(4)
    // Another document's log is not touched.
    expect(seqsOf((await store.load('notes')).updates)).toEqual([1])

    await store.compact('plan', bytes(1, 2, 3, 4), 4)
    expect((await store.load('plan')).updates).toEqual([])
    expect(await store.append([{ documentId: 'plan', update: bytes(5) }])).toEqual([5])
  })

  it('keeps each head through a restart', async () => {
    const dataDir = await makeTempDir(cleanup)
    const before = openSqliteStore({ dataDir })
    await before.append([
      { documentId: 'plan', update: bytes(1) },
      { documentId: 'plan', update: bytes(2) },
      { documentId: 'notes', update: bytes(3) },
    ])
    await before.compact('plan', bytes(1, 2), 2)
    await before.close()

    const after = open(dataDir)
    expect(await after.head('plan')).toBe(2)
    expect(await after.head('notes')).toBe(1)
    expect((await after.load('plan')).headSeq).toBe(2)
    expect(await after.append([{ documentId: 'plan', update: bytes(4) }])).toEqual([3])
  })
})

/** The log as main kept it: one global AUTOINCREMENT id, and no numbers per document. */
const unnumberedLog = `
  CREATE TABLE updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX updates_by_session ON updates (session_id, id);
  CREATE TABLE snapshots (session_id TEXT PRIMARY KEY, data BLOB NOT NULL, updated_at INTEGER NOT NULL);
  CREATE TABLE client_owners (
    document TEXT NOT NULL,
    client_id INTEGER NOT NULL,
    owner TEXT NOT NULL,
    PRIMARY KEY (document, client_id)
  ) WITHOUT ROWID;
`

describe('an update log kept before seqs', () => {
  it('numbers the rows per document in the order they were written, once', async () => {
    const dataDir = await makeTempDir(cleanup)
    const old = new DatabaseSync(join(dataDir, 'board.sqlite'))
    old.exec(unnumberedLog)
    const insert = old.prepare('INSERT INTO updates (session_id, data, created_at) VALUES (?, ?, 0)')
    for (const [document, value] of [
      ['plan', 1],
      ['notes', 2],
      ['plan', 3],
      ['plan', 4],
      ['notes', 5],
    ] as const) {
      insert.run(document, bytes(value))
    }
    old.prepare("INSERT INTO snapshots VALUES ('plan', ?, 0)").run(bytes(0))
    old.prepare("INSERT INTO snapshots VALUES ('archived', ?, 0)").run(bytes(7))
    old.prepare("INSERT INTO client_owners VALUES ('plan', 11, 'person-a')").run()
    old.close()

    const store = openSqliteStore({ dataDir })
    expect(await store.load('plan')).toEqual({
      snapshot: bytes(0),
      updates: [
        { seq: 1, update: bytes(1) },
        { seq: 2, update: bytes(3) },
        { seq: 3, update: bytes(4) },
      ],
      headSeq: 3,
      owners: [{ clientId: 11, owner: 'person-a' }],
    })
    expect((await store.load('notes')).updates).toEqual([
      { seq: 1, update: bytes(2) },
      { seq: 2, update: bytes(5) },
    ])
    // A document kept only as a snapshot: a reader with nothing still gets it.
    expect(await store.head('archived')).toBe(0)
    expect(await store.since('archived', 0)).toEqual({ snapshot: bytes(7), updates: [] })
    await store.close()

    // Opened again: nothing is numbered twice, and new updates follow on.
    const again = open(dataDir)
    expect(seqsOf((await again.load('plan')).updates)).toEqual([1, 2, 3])
    expect(await again.append([{ documentId: 'plan', update: bytes(8) }])).toEqual([4])
  })

  it('a database from main keeps every document as it was', async () => {
    const fixture = resolve(import.meta.dirname, 'fixtures/main-2026-12-06')
    const dataDir = join(await makeTempDir(cleanup), 'data')
    await mkdir(dataDir)
    await copyFile(join(fixture, 'board.sqlite'), join(dataDir, 'board.sqlite'))

    const old = new DatabaseSync(join(dataDir, 'board.sqlite'), { readOnly: true })
    const names = old
      .prepare('SELECT session_id AS name FROM snapshots UNION SELECT session_id FROM updates')
      .all()
      .map((row) => String(row.name))
    const logged = old.prepare('SELECT data FROM updates WHERE session_id = ? ORDER BY id')
    const snapshot = old.prepare('SELECT data FROM snapshots WHERE session_id = ?')
    const oldState = new Map<string, { state: Uint8Array; rows: number }>()
    for (const name of names) {
      const doc = new Y.Doc()
      const base = snapshot.get(name)
      if (base) Y.applyUpdate(doc, base.data as Uint8Array)
      const rows = logged.all(name)
      for (const row of rows) Y.applyUpdate(doc, row.data as Uint8Array)
      oldState.set(name, { state: Y.encodeStateAsUpdate(doc), rows: rows.length })
    }
    old.close()
    expect(names.length).toBeGreaterThan(0)
    expect([...oldState.values()].some(({ rows }) => rows > 0)).toBe(true)

    const store = open(dataDir)
    for (const [name, { state, rows }] of oldState) {
      const stored = await store.load(name)
      const doc = new Y.Doc()
      for (const update of updatesInOrder(stored)) Y.applyUpdate(doc, update)
      expect(Y.encodeStateAsUpdate(doc)).toEqual(state)
      expect(seqsOf(stored.updates)).toEqual(Array.from({ length: rows }, (_, index) => index + 1))
      expect(stored.headSeq).toBe(rows)
    }
  })
})
