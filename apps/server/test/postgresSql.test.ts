import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { numberedPlaceholders, PostgresSql } from '../src/store/postgresSql.ts'
import type { Sql } from '../src/store/sql.ts'
import { createCleanup } from './helpers.ts'
import { dropDatabase, freshDatabase } from './services/postgres.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

let url = ''
beforeAll(async () => {
  url = await freshDatabase('postgres_sql', { empty: true })
})
afterAll(() => dropDatabase(url))

function connect(max = 4): PostgresSql {
  const sql = new PostgresSql({ connectionString: url, max })
  cleanup.add(() => sql.close())
  return sql
}

/** A table of its own for each test that writes (the database goes when the file is done). */
async function table(sql: PostgresSql, name: string): Promise<string> {
  await sql.run(`CREATE TABLE ${name} (id BIGINT PRIMARY KEY, data BYTEA, note TEXT)`)
  return name
}

describe('the PostgreSQL executor', () => {
  it('numbers ? placeholders in order, once per text', async () => {
    const text = 'SELECT ? AS first, ? AS second, ?::bigint + ? AS sum'
    expect(numberedPlaceholders(text)).toBe('SELECT $1 AS first, $2 AS second, $3::bigint + $4 AS sum')
    expect(numberedPlaceholders(text)).toBe(numberedPlaceholders(text))
    expect(numberedPlaceholders('SELECT 1')).toBe('SELECT 1')

    const sql = connect()
    expect(await sql.get(text, ['a', 'b', 40, 2])).toEqual({ first: 'a', second: 'b', sum: 42 })
    expect(await sql.get('SELECT 1 AS one WHERE false')).toBeNull()
    expect(await sql.all('SELECT n FROM generate_series(1, ?::int) AS n', [3])).toEqual([
      { n: 1 },
      { n: 2 },
      { n: 3 },
    ])
  })

  it('reads BIGINT as a number, and refuses one that a number cannot hold exactly', async () => {
    const sql = connect(1)
    const largest = Number.MAX_SAFE_INTEGER
    expect(
      await sql.get('SELECT ?::bigint AS n, count(*) AS rows FROM (VALUES (1), (2)) AS v', [largest]),
    ).toEqual({
      n: largest,
      rows: 2,
    })
    expect(await sql.get('SELECT -(?::bigint) AS n', [largest])).toEqual({ n: -largest })
    await expect(sql.get('SELECT 9007199254740993::bigint AS n')).rejects.toThrow(/MAX_SAFE_INTEGER/)
    // The one connection is still usable afterwards.
    expect(await sql.get('SELECT 7::bigint AS n')).toEqual({ n: 7 })
  })

  it('gives bytes back as they went in, as a plain Uint8Array', async () => {
    const sql = connect()
    const name = await table(sql, 'bytes_round_trip')
    const everyByte = new Uint8Array(256).map((_, index) => index)
    const view = new Uint8Array([1, 2, 3, 4, 5]).subarray(1, 4)
    await sql.run(`INSERT INTO ${name} (id, data) VALUES (1, ?), (2, ?), (3, ?)`, [
      everyByte,
      view,
      new Uint8Array(0),
    ])
    const rows = await sql.all<{ data: Uint8Array }>(`SELECT data FROM ${name} ORDER BY id`)
    expect(rows.map(({ data }) => data)).toEqual([everyByte, new Uint8Array([2, 3, 4]), new Uint8Array(0)])
    for (const { data } of rows) {
      expect(Object.getPrototypeOf(data)).toBe(Uint8Array.prototype)
      // It owns its memory: not a window into a pool shared with other values.
      expect(data.buffer.byteLength).toBe(data.byteLength)
    }
  })

  it('run() tells how many rows a statement changed', async () => {
    const sql = connect()
    const name = await table(sql, 'changes')
    expect(await sql.run(`INSERT INTO ${name} (id) VALUES (1), (2), (3)`)).toEqual({ changes: 3 })
    expect(await sql.run(`UPDATE ${name} SET note = ? WHERE id > ?`, ['later', 1])).toEqual({ changes: 2 })
    expect(await sql.run(`DELETE FROM ${name} WHERE id = ?`, [99])).toEqual({ changes: 0 })
  })

  it('commits a transaction that resolves, and rolls back one that throws', async () => {
    const sql = connect()
    const name = await table(sql, 'transactions')
    expect(
      await sql.transaction(async (tx) => {
        await tx.run(`INSERT INTO ${name} (id) VALUES (1)`)
        return 'kept'
      }),
    ).toBe('kept')

    const failure = new Error('the work failed')
    await expect(
      sql.transaction(async (tx) => {
        await tx.run(`INSERT INTO ${name} (id) VALUES (2)`)
        await tx.run(`UPDATE ${name} SET note = 'changed' WHERE id = 1`)
        throw failure
      }),
    ).rejects.toBe(failure)
    expect(await sql.all(`SELECT id, note FROM ${name}`)).toEqual([{ id: 1, note: null }])

    // A statement that fails inside rolls back what came before it too.
    await expect(
      sql.transaction(async (tx) => {
        await tx.run(`INSERT INTO ${name} (id) VALUES (3)`)
        await tx.run(`INSERT INTO ${name} (id) VALUES (1)`)
      }),
    ).rejects.toThrow(/duplicate key/)
    expect(await sql.all(`SELECT id FROM ${name}`)).toEqual([{ id: 1 }])
  })

  it('runs a transaction on one pinned connection, nested transactions inline on it', async () => {
    const sql = connect()
    const name = await table(sql, 'pinned')
    const backend = 'SELECT pg_backend_pid() AS pid'
    let pinned: Sql | null = null
    await expect(
      sql.transaction(async (tx) => {
        pinned = tx
        const { pid } = (await tx.get<{ pid: number }>(backend))!
        await tx.run(`INSERT INTO ${name} (id) VALUES (1)`)
        // Another connection of the pool does not see the uncommitted row.
        expect(await sql.all(`SELECT id FROM ${name}`)).toEqual([])
        const inner = await tx.transaction(async (nested) => {
          await nested.run(`INSERT INTO ${name} (id) VALUES (2)`)
          return (await nested.get<{ pid: number }>(backend))!.pid
        })
        expect(inner).toBe(pid)
        expect(await tx.all(`SELECT id FROM ${name} ORDER BY id`)).toEqual([{ id: 1 }, { id: 2 }])
        throw new Error('undo both')
      }),
    ).rejects.toThrow('undo both')
    // The nested work was part of the one transaction, so it was rolled back with it.
    expect(await sql.all(`SELECT id FROM ${name}`)).toEqual([])
    // A pinned Sql kept past its transaction cannot reach the connection, now back in the pool.
    await expect(pinned!.get(backend)).rejects.toThrow(/transaction has ended/)
  })

  it('drops a connection that died in a transaction and goes on with a new one', async () => {
    const sql = connect(1)
    const killer = connect(1)
    let deadPid = 0
    await expect(
      sql.transaction(async (tx) => {
        deadPid = (await tx.get<{ pid: number }>('SELECT pg_backend_pid() AS pid'))!.pid
        // Waits (up to 5 s) until that backend is gone.
        await killer.get('SELECT pg_terminate_backend(?, 5000)', [deadPid])
        await tx.get('SELECT 1')
      }),
    ).rejects.toThrow()
    // The pool's only connection was the dead one; a working answer means it was replaced.
    const { pid } = (await sql.get<{ pid: number }>('SELECT pg_backend_pid() AS pid'))!
    expect(pid).not.toBe(deadPid)
    expect(await sql.transaction((tx) => tx.get('SELECT 2::bigint AS n'))).toEqual({ n: 2 })
  })
})
