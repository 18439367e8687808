import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import type { Sql } from '../src/store/sql.ts'
import { openSqliteStore } from '../src/store/sqlite.ts'
import { SqliteSql } from '../src/store/sqliteSql.ts'

const opened: DatabaseSync[] = []

function counterDatabase(): SqliteSql {
  const db = new DatabaseSync(':memory:')
  opened.push(db)
  db.exec('CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)')
  db.exec('CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT NOT NULL UNIQUE)')
  db.exec('INSERT INTO counter (id, n) VALUES (1, 0)')
  return new SqliteSql(db)
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close()
})

/** A promise and the function that settles it, to hold a transaction open while the test looks around. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {}
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}

/** Lets every queued callback run (a statement waiting for the lock would have run by then if it could). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20))

const count = async (sql: Sql, table: 'events' | 'counter') =>
  Number((await sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))?.n)

describe('SqliteSql', () => {
  it('runs statements with parameters and returns rows, one row or null, and the changes', async () => {
    const sql = counterDatabase()
    expect(await sql.run('INSERT INTO events (what) VALUES (?), (?)', ['a', 'b'])).toEqual({ changes: 2 })
    expect(await sql.all<{ what: string }>('SELECT what FROM events ORDER BY id')).toEqual([
      { what: 'a' },
      { what: 'b' },
    ])
    expect(await sql.get('SELECT what FROM events WHERE what = ?', ['b'])).toEqual({ what: 'b' })
    expect(await sql.get('SELECT what FROM events WHERE what = ?', ['c'])).toBeNull()
    const bytes = new Uint8Array([0, 1, 255])
    const row = await sql.get<{ data: Uint8Array }>('SELECT ? AS data', [bytes])
    expect(row?.data).toEqual(bytes)
    expect(sql.dialect).toBe('sqlite')
  })

  it('answers a failed statement with a rejected promise, not a throw', async () => {
    const sql = counterDatabase()
    await sql.run('INSERT INTO events (what) VALUES (?)', ['a'])
    const failing = sql.run('INSERT INTO events (what) VALUES (?)', ['a'])
    await expect(failing).rejects.toThrow(/UNIQUE/)
  })

  it('runs async transactions one after the other, so no read-modify-write is lost', async () => {
    const sql = counterDatabase()
    const steps: string[] = []
    const increment = (name: string) =>
      sql.transaction(async (tx) => {
        steps.push(`${name} begins`)
        const row = await tx.get<{ n: number }>('SELECT n FROM counter WHERE id = 1')
        // Another caller gets every chance to run here while this one waits.
        await settle()
        await tx.run('UPDATE counter SET n = ? WHERE id = 1', [Number(row?.n) + 1])
        steps.push(`${name} commits`)
        return name
      })
    const results = await Promise.all([increment('one'), increment('two'), increment('three')])
    expect(results).toEqual(['one', 'two', 'three'])
    const row = await sql.get<{ n: number }>('SELECT n FROM counter WHERE id = 1')
    expect(row?.n).toBe(3)
    expect(steps).toEqual([
      'one begins',
      'one commits',
      'two begins',
      'two commits',
      'three begins',
      'three commits',
    ])
  })

  it('rolls the whole transaction back when its work throws, rethrows, and frees the lock', async () => {
    const sql = counterDatabase()
    const failing = sql.transaction(async (tx) => {
      await tx.run('INSERT INTO events (what) VALUES (?)', ['kept only if committed'])
      await tx.run('UPDATE counter SET n = 5 WHERE id = 1')
      throw new Error('the work failed')
    })
    await expect(failing).rejects.toThrow('the work failed')
    expect(await count(sql, 'events')).toBe(0)
    expect((await sql.get<{ n: number }>('SELECT n FROM counter'))?.n).toBe(0)
    // The next transaction runs: the failed one released the lock and left no transaction open.
    expect(await sql.transaction(async (tx) => tx.run('UPDATE counter SET n = 1'))).toEqual({ changes: 1 })
    expect(sql.db.isTransaction).toBe(false)
  })

  it('rolls back a failing statement inside a transaction with everything before it', async () => {
    const sql = counterDatabase()
    await sql.run("INSERT INTO events (what) VALUES ('taken')")
    const failing = sql.transaction(async (tx) => {
      await tx.run("INSERT INTO events (what) VALUES ('new')")
      await tx.run("INSERT INTO events (what) VALUES ('taken')")
    })
    await expect(failing).rejects.toThrow(/UNIQUE/)
    expect(await sql.all('SELECT what FROM events')).toEqual([{ what: 'taken' }])
  })

  it('makes statements sent outside an open transaction wait until it has committed', async () => {
    const sql = counterDatabase()
    const hold = gate()
    const open = sql.transaction(async (tx) => {
      await tx.run("INSERT INTO events (what) VALUES ('inside')")
      await hold.opened
    })
    await settle()
    let seen: number | null = null
    const outside = count(sql, 'events').then((n) => (seen = n))
    const written = sql.run("INSERT INTO events (what) VALUES ('outside')")
    await settle()
    // Neither ran: the read would have seen the open transaction's row, the write would have joined it.
    expect(seen).toBeNull()
    expect(sql.db.isTransaction).toBe(true)
    hold.open()
    await open
    await outside
    await written
    expect(seen).toBe(1)
    expect(await sql.all('SELECT what FROM events ORDER BY id')).toEqual([
      { what: 'inside' },
      { what: 'outside' },
    ])
  })

  it('keeps a statement sent during a transaction that then rolls back out of the rollback', async () => {
    const sql = counterDatabase()
    const hold = gate()
    const failing = sql.transaction(async (tx) => {
      await tx.run("INSERT INTO events (what) VALUES ('rolled back')")
      await hold.opened
      throw new Error('changed its mind')
    })
    await settle()
    const written = sql.run("INSERT INTO events (what) VALUES ('kept')")
    hold.open()
    await expect(failing).rejects.toThrow('changed its mind')
    await written
    expect(await sql.all('SELECT what FROM events')).toEqual([{ what: 'kept' }])
  })

  it('runs a transaction asked for inside a transaction inline, as part of it', async () => {
    const sql = counterDatabase()
    const failing = sql.transaction(async (tx) => {
      await tx.run("INSERT INTO events (what) VALUES ('outer')")
      // Waiting for the lock here would never end: the outer transaction holds it.
      await tx.transaction(async (inner) => inner.run("INSERT INTO events (what) VALUES ('inner')"))
      expect(await count(tx, 'events')).toBe(2)
      throw new Error('undo both')
    })
    await expect(failing).rejects.toThrow('undo both')
    expect(await count(sql, 'events')).toBe(0)
  })

  it('refuses a transaction’s sql once the transaction has ended', async () => {
    const sql = counterDatabase()
    let kept: Sql | null = null
    await sql.transaction(async (tx) => {
      kept = tx
    })
    await expect(kept!.run("INSERT INTO events (what) VALUES ('late')")).rejects.toThrow(/has ended/)
    expect(await count(sql, 'events')).toBe(0)
  })

  it('runs an exclusive step at once when nothing is open, and after the transaction when one is', async () => {
    const sql = counterDatabase()
    let ran = false
    await sql.exclusive(() => (ran = true))
    expect(ran).toBe(true)

    const hold = gate()
    const open = sql.transaction(async () => hold.opened)
    await settle()
    let stepSawTransaction: boolean | null = null
    const step = sql.exclusive(() => (stepSawTransaction = sql.db.isTransaction))
    await settle()
    expect(stepSawTransaction).toBeNull()
    hold.open()
    await open
    await step
    expect(stepSawTransaction).toBe(false)
    await expect(sql.exclusive(() => JSON.parse('{'))).rejects.toThrow(SyntaxError)
  })

  it('lets the document store on the shared connection append while an access transaction is open', async () => {
    const sql = counterDatabase()
    const store = openSqliteStore({ sql })
    const hold = gate()
    const failing = sql.transaction(async (tx) => {
      await tx.run("INSERT INTO events (what) VALUES ('rolled back')")
      await hold.opened
      throw new Error('rolled back')
    })
    await settle()
    // Without the lock its BEGIN would fail ("within a transaction"), or its rows would be rolled back.
    const appended = store.append([{ documentId: 'doc', update: new Uint8Array([1, 2, 3]) }])
    await settle()
    hold.open()
    await expect(failing).rejects.toThrow('rolled back')
    expect(await appended).toEqual([1])
    const loaded = await store.load('doc')
    expect(loaded.updates).toEqual([{ seq: 1, update: new Uint8Array([1, 2, 3]) }])
    expect(await count(sql, 'events')).toBe(0)
    await store.close()
    // The store does not own the shared connection: it stays open for the access tables.
    expect(sql.db.isOpen).toBe(true)
  })
})
