import { copyFile, mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openPostgresStore } from '../src/store/postgres.ts'
import { PostgresSql } from '../src/store/postgresSql.ts'
import { openSqliteStore } from '../src/store/sqlite.ts'
import type { DocumentStore } from '../src/store/types.ts'
import { updatesInOrder } from '../src/store/types.ts'
import { createCleanup, makeTempDir } from './helpers.ts'
import { dropDatabase, freshDatabase } from './services/postgres.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

function open(dataDir: string): DocumentStore {
  const store = openSqliteStore({ dataDir })
  cleanup.add(() => store.close())
  return store
}

/** One database for this file's PostgreSQL cases, made on first use; each case starts it empty. */
let database: Promise<string> | null = null
afterAll(async () => {
  if (database) await dropDatabase(await database)
})

async function emptyPostgres(): Promise<string> {
  database ??= freshDatabase('store')
  const url = await database
  const sql = connect(url)
  await sql.run('TRUNCATE documents, updates, snapshots, client_owners')
  return url
}

/** A pool on the database, as one server instance holds it; closed after the test. */
function connect(url: string, max = 10): PostgresSql {
  const sql = new PostgresSql({ connectionString: url, max })
  cleanup.add(() => sql.close())
  return sql
}

const openPostgres = (url: string): Promise<DocumentStore> => openPostgresStore({ sql: connect(url) })

/** A store on empty storage, and the same storage opened again, as by a restarted or another instance. */
type Backend = {
  name: string
  fresh: () => Promise<{ store: DocumentStore; reopen: () => Promise<DocumentStore> }>
}

const backends: Backend[] = [
  {
    name: 'SQLite',
    fresh: async () => {
      const dataDir = await makeTempDir(cleanup)
      return { store: open(dataDir), reopen: async () => open(dataDir) }
    },
  },
  {
    name: 'PostgreSQL',
    fresh: async () => {
      const url = await emptyPostgres()
      return { store: await openPostgres(url), reopen: () => openPostgres(url) }
    },
  },
]

const bytes = (...values: number[]) => new Uint8Array(values)
const seqsOf = (updates: ReadonlyArray<{ seq: number }>) => updates.map(({ seq }) => seq)

describe.each(backends)('the document log on $name', ({ fresh }) => {
  const emptyStore = async () => (await fresh()).store

  it('numbers each document gap-free, even when one batch interleaves several documents', async () => {
    const store = await emptyStore()
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
    const store = await emptyStore()
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
    const store = await emptyStore()
    await store.append([1, 2, 3, 4].map((n) => ({ documentId: 'plan', update: bytes(n) })))
    await store.append([
      { documentId: 'notes', update: bytes(9), claims: [{ clientId: 5, owner: 'therapist' }] },
    ])
    await store.append([{ documentId: 'plan', update: bytes(5), claims: [{ clientId: 7, owner: 'ana' }] }])

    // With the owners on record, so a reader catching up knows whose client ids the rows write under.
    expect(await store.since('plan', 2)).toEqual({
      snapshot: null,
      updates: [
        { seq: 3, update: bytes(3) },
        { seq: 4, update: bytes(4) },
        { seq: 5, update: bytes(5) },
      ],
      owners: [{ clientId: 7, owner: 'ana' }],
    })
    expect(await store.since('plan', 5)).toMatchObject({ snapshot: null, updates: [] })

    await store.compact('plan', bytes(1, 2, 3), 3)
    expect(await store.since('plan', 3)).toMatchObject({
      snapshot: null,
      updates: [
        { seq: 4, update: bytes(4) },
        { seq: 5, update: bytes(5) },
      ],
    })
    expect(await store.since('plan', 1)).toMatchObject({
      snapshot: bytes(1, 2, 3),
      updates: [
        { seq: 4, update: bytes(4) },
        { seq: 5, update: bytes(5) },
      ],
    })
  })

  it('compaction cuts by seq: later rows stay, and numbers go on after it, even past an emptied log', async () => {
    const store = await emptyStore()
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
    const { store: before, reopen } = await fresh()
    await before.append([
      { documentId: 'plan', update: bytes(1) },
      { documentId: 'plan', update: bytes(2) },
      { documentId: 'notes', update: bytes(3) },
    ])
    expect(await before.compact('plan', bytes(1, 2), 2)).toBe('done')
    await before.close()

    const after = await reopen()
    expect(await after.head('plan')).toBe(2)
    expect(await after.head('notes')).toBe(1)
    expect((await after.load('plan')).headSeq).toBe(2)
    expect(await after.append([{ documentId: 'plan', update: bytes(4) }])).toEqual([3])
  })

  it('heads() gives every named document its newest seq, and 0 for one never written', async () => {
    const store = await emptyStore()
    await store.append([1, 2, 3].map((n) => ({ documentId: 'plan', update: bytes(n) })))
    await store.append([{ documentId: 'notes', update: bytes(4) }])
    await store.compact('plan', bytes(1, 2, 3), 3)

    expect(await store.heads(['plan', 'notes', 'never-written'])).toEqual(
      new Map([
        ['plan', 3],
        ['notes', 1],
        ['never-written', 0],
      ]),
    )
    expect(await store.heads([])).toEqual(new Map())
  })

  it('a stale compaction is refused and the newer snapshot stays', async () => {
    const store = await emptyStore()
    await store.append([1, 2, 3, 4, 5].map((n) => ({ documentId: 'plan', update: bytes(n) })))
    expect(await store.compact('plan', bytes(1, 2, 3, 4), 4)).toBe('done')

    // An older compaction finishing late would bring back a snapshot without 3 and 4, whose rows are gone.
    expect(await store.compact('plan', bytes(1, 2), 2)).toBe('stale')
    expect(await store.compact('plan', bytes(1, 2, 3, 4), 4)).toBe('stale')
    const plan = await store.load('plan')
    expect(plan.snapshot).toEqual(bytes(1, 2, 3, 4))
    expect(plan.updates).toEqual([{ seq: 5, update: bytes(5) }])
    expect(await store.since('plan', 1)).toMatchObject({
      snapshot: bytes(1, 2, 3, 4),
      updates: [{ seq: 5, update: bytes(5) }],
    })
  })

  it('a client id keeps its first owner, claimed in the batch that first writes under it', async () => {
    const store = await emptyStore()
    // Yjs client ids are unsigned 32-bit numbers.
    const big = 4_000_000_000
    await store.append([
      { documentId: 'plan', update: bytes(1), claims: [{ clientId: big, owner: 'maya' }] },
      { documentId: 'plan', update: bytes(2), claims: [{ clientId: big, owner: 'sam' }] },
      { documentId: 'notes', update: bytes(3), claims: [{ clientId: big, owner: 'therapist' }] },
    ])
    await store.append([
      {
        documentId: 'plan',
        update: bytes(4),
        claims: [
          { clientId: 7, owner: 'sam' },
          { clientId: big, owner: 'sam' },
        ],
      },
    ])
    const owners = (await store.load('plan')).owners.toSorted((a, b) => a.clientId - b.clientId)
    expect(owners).toEqual([
      { clientId: 7, owner: 'sam' },
      { clientId: big, owner: 'maya' },
    ])
    expect((await store.load('notes')).owners).toEqual([{ clientId: big, owner: 'therapist' }])
  })

  it('keeps every byte and numbers a batch of many updates in order', async () => {
    const store = await emptyStore()
    const everyByte = new Uint8Array(256).map((_, index) => index)
    // A view into a larger buffer: only its own bytes are stored.
    const view = new Uint8Array([9, 8, 7, 6]).subarray(1, 3)
    const batch = Array.from({ length: 1203 }, (_, index) => ({
      documentId: index % 3 === 0 ? 'notes' : 'plan',
      update: bytes(index % 251, Math.floor(index / 251)),
    }))
    const seqs = await store.append([
      { documentId: 'plan', update: everyByte },
      { documentId: 'plan', update: view },
      { documentId: 'plan', update: new Uint8Array(0) },
      ...batch,
    ])
    expect(seqs.slice(0, 3)).toEqual([1, 2, 3])
    const plan = await store.load('plan')
    expect(plan.updates[0]?.update).toBeInstanceOf(Uint8Array)
    expect(plan.updates.slice(0, 3).map(({ update }) => update)).toEqual([everyByte, bytes(8, 7), bytes()])
    expect(seqsOf(plan.updates)).toEqual(Array.from({ length: 3 + 802 }, (_, index) => index + 1))
    const notes = await store.load('notes')
    expect(seqsOf(notes.updates)).toEqual(Array.from({ length: 401 }, (_, index) => index + 1))
    expect(notes.updates.map(({ update }) => update)).toEqual(
      batch.filter(({ documentId }) => documentId === 'notes').map(({ update }) => update),
    )
  })
})

describe('the document log on PostgreSQL, shared by several instances', () => {
  it('two instances appending to one document get unique, gap-free seqs, never visible out of order', async () => {
    const url = await emptyPostgres()
    const instances = [await openPostgres(url), await openPostgres(url)]
    const reader = await openPostgres(url)
    const rounds = 40
    const written = new Map<number, Uint8Array>()
    let writing = true

    // A reader that has everything up to `applied` must always get exactly the next seqs: a later
    // seq committed before an earlier one would show up here as a gap.
    const read = async () => {
      let applied = 0
      let reads = 0
      while (writing || applied < (await reader.head('plan'))) {
        const { snapshot, updates } = await reader.since('plan', applied)
        expect(snapshot).toBeNull()
        expect(seqsOf(updates)).toEqual(updates.map((_, index) => applied + index + 1))
        applied += updates.length
        reads++
      }
      return { applied, reads }
    }
    // Each instance runs two writers; the two instances name the same two documents in opposite orders,
    // which would deadlock if the head rows were locked in batch order.
    const write = async (instance: number, writer: number) => {
      const store = instances[instance]!
      const own: number[] = []
      for (let round = 0; round < rounds; round++) {
        const update = bytes(instance, writer, round)
        const other = { documentId: 'notes', update: bytes(0) }
        const mine = { documentId: 'plan', update }
        const [first] = await store
          .append(instance === 0 ? [mine, other] : [other, mine])
          .then((seqs) => (instance === 0 ? seqs : seqs.toReversed()))
        written.set(first!, update)
        own.push(first!)
      }
      return own
    }
    const reading = read()
    const writes = Promise.all([write(0, 0), write(0, 1), write(1, 0), write(1, 1)]).finally(() => {
      writing = false
    })
    // Both settle before the pools are closed, whichever fails.
    const [writeOutcome, readOutcome] = await Promise.allSettled([writes, reading])
    if (writeOutcome.status === 'rejected') throw writeOutcome.reason
    if (readOutcome.status === 'rejected') throw readOutcome.reason
    const writers = writeOutcome.value
    const { applied, reads } = readOutcome.value

    const total = 4 * rounds
    expect(applied).toBe(total)
    expect(reads).toBeGreaterThan(1)
    // Each writer's seqs rise in the order its appends committed.
    for (const own of writers) expect(own).toEqual(own.toSorted((a, b) => a - b))
    const plan = await reader.load('plan')
    expect(plan.headSeq).toBe(total)
    expect(plan.updates).toEqual(
      [...written].sort(([a], [b]) => a - b).map(([seq, update]) => ({ seq, update })),
    )
  })

  it('a compaction finds the document busy while another instance compacts it, and deletes nothing', async () => {
    const url = await emptyPostgres()
    const store = await openPostgres(url)
    await store.append([1, 2, 3].map((n) => ({ documentId: 'plan', update: bytes(n) })))

    // Another instance in the middle of compacting 'plan' holds its lock.
    const other = connect(url, 1)
    const held = other.transaction(async (tx) => {
      await tx.get('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', ['plan'])
      expect(await store.compact('plan', bytes(1, 2), 2)).toBe('busy')
      // Another document's compaction is not held up.
      await store.append([{ documentId: 'notes', update: bytes(9) }])
      expect(await store.compact('notes', bytes(9), 1)).toBe('done')
    })
    await held
    const plan = await store.load('plan')
    expect(plan.snapshot).toBeNull()
    expect(seqsOf(plan.updates)).toEqual([1, 2, 3])

    // Released: the next turn compacts.
    expect(await store.compact('plan', bytes(1, 2), 2)).toBe('done')
    expect(seqsOf((await store.load('plan')).updates)).toEqual([3])
  })

  it('a reader never gets a snapshot and rows torn apart by a compaction committing meanwhile', async () => {
    const url = await emptyPostgres()
    const writer = await openPostgres(url)
    const reader = await openPostgres(url)
    // Update n is the byte n; a snapshot through n is the bytes 1..n, so a full read is 1..head.
    const through = (n: number) => new Uint8Array(Array.from({ length: n }, (_, index) => index + 1))
    let compacting = true
    const compactions = (async () => {
      for (let head = 1; head <= 120; head++) {
        await writer.append([{ documentId: 'plan', update: bytes(head) }])
        if (head % 3 === 0) expect(await writer.compact('plan', through(head - 1), head - 1)).toBe('done')
      }
      compacting = false
    })()
    let reads = 0
    while (compacting) {
      const { snapshot, updates } = await reader.since('plan', 0)
      const seen = [...(snapshot ?? []), ...updates.flatMap(({ update }) => [...update])]
      expect(seen).toEqual(seen.map((_, index) => index + 1))
      const stored = await reader.load('plan')
      expect(updatesInOrder(stored).flatMap((update) => [...update])).toEqual(
        Array.from({ length: stored.headSeq }, (_, index) => index + 1),
      )
      reads++
    }
    await compactions
    expect(reads).toBeGreaterThan(1)
  })

  it('two instances starting at once on an empty database create the schema once', async () => {
    const url = await freshDatabase('schema', { empty: true })
    cleanup.add(() => dropDatabase(url))
    const [first, second] = await Promise.all([openPostgres(url), openPostgres(url), openPostgres(url)])
    expect(await first!.append([{ documentId: 'plan', update: bytes(1) }])).toEqual([1])
    expect(await second!.append([{ documentId: 'plan', update: bytes(2) }])).toEqual([2])
    const sql = connect(url)
    expect(await sql.all('SELECT part, version FROM schema_version')).toEqual([
      { part: 'documents', version: 1 },
    ])

    // A database written by a newer server is not touched by this one.
    await sql.run("UPDATE schema_version SET version = 99 WHERE part = 'documents'")
    await expect(openPostgres(url)).rejects.toThrow(/version 99, newer than this server knows/)
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
    expect(await store.since('archived', 0)).toMatchObject({ snapshot: bytes(7), updates: [] })
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
