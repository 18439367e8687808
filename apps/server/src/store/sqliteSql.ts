import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { Sql, SqlValue } from './sql.ts'

/** Past this many distinct texts the cache starts afresh (the queries are constants; this is a backstop). */
const MAX_CACHED_STATEMENTS = 500

/** One connection's prepared statements, cached by their text, run synchronously. */
class Statements {
  readonly db: DatabaseSync
  #cache = new Map<string, StatementSync>()

  constructor(db: DatabaseSync) {
    this.db = db
  }

  all<Row>(text: string, params: readonly SqlValue[]): Row[] {
    return this.#prepare(text).all(...params) as Row[]
  }

  get<Row>(text: string, params: readonly SqlValue[]): Row | null {
    return (this.#prepare(text).get(...params) as Row | undefined) ?? null
  }

  run(text: string, params: readonly SqlValue[]): { changes: number } {
    return { changes: Number(this.#prepare(text).run(...params).changes) }
  }

  #prepare(text: string): StatementSync {
    let statement = this.#cache.get(text)
    if (!statement) {
      if (this.#cache.size >= MAX_CACHED_STATEMENTS) this.#cache.clear()
      statement = this.db.prepare(text)
      this.#cache.set(text, statement)
    }
    return statement
  }
}

/**
 * `Sql` over one `node:sqlite` connection, the embedded default. A lone statement runs synchronously,
 * so it is atomic. A transaction is not: its work awaits between statements, and on one connection any
 * statement run meanwhile would join it (rolled back with it, or seeing its half-done state). So a
 * transaction holds a lock from BEGIN to COMMIT or ROLLBACK, and everything run through this object
 * waits for it; only the `sql` handed to the work runs inside.
 *
 * The lock is a promise chain in this process. Another process on the same file is kept out by SQLite's
 * own lock (BEGIN IMMEDIATE, with the connection's busy timeout).
 */
export class SqliteSql implements Sql {
  readonly dialect = 'sqlite' as const
  #statements: Statements
  /** Settles when the last holder of the lock, or the last in line for it, releases it. */
  #tail: Promise<void> = Promise.resolve()
  /** The holder of the lock and those in line; at 0 a synchronous step may run at once. */
  #queued = 0

  constructor(db: DatabaseSync) {
    this.#statements = new Statements(db)
  }

  /** The connection, for the SQLite-only set-up that runs before anything else uses it. */
  get db(): DatabaseSync {
    return this.#statements.db
  }

  all<Row extends object>(text: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.exclusive(() => this.#statements.all<Row>(text, params))
  }

  get<Row extends object>(text: string, params: readonly SqlValue[] = []): Promise<Row | null> {
    return this.exclusive(() => this.#statements.get<Row>(text, params))
  }

  run(text: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return this.exclusive(() => this.#statements.run(text, params))
  }

  /** BEGIN IMMEDIATE takes SQLite's write lock at once, so two writers never both read, then collide. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.#locked(async () => {
      const { db } = this.#statements
      const inside = new TransactionSql(this.#statements)
      db.exec('BEGIN IMMEDIATE')
      try {
        const result = await work(inside)
        db.exec('COMMIT')
        return result
      } catch (error) {
        // A COMMIT that failed (a deferred constraint) leaves the transaction open as well.
        if (db.isTransaction) db.exec('ROLLBACK')
        throw error
      } finally {
        inside.close()
      }
    })
  }

  /**
   * Runs `step`, which uses the connection synchronously, when no transaction holds it: for code that
   * shares the connection without going through `Sql` (the document store).
   */
  exclusive<T>(step: () => T): Promise<T> {
    if (this.#queued > 0) return this.#locked(step)
    try {
      return Promise.resolve(step())
    } catch (error) {
      return Promise.reject(error as Error)
    }
  }

  /** Runs `work` once everyone before it in line has released the lock, and holds it until `work` settles. */
  #locked<T>(work: () => T | Promise<T>): Promise<T> {
    const previous = this.#tail
    let release = () => {}
    this.#tail = new Promise<void>((resolve) => (release = resolve))
    this.#queued++
    return previous.then(async () => {
      try {
        return await work()
      } finally {
        this.#queued--
        release()
      }
    })
  }
}

/** The `sql` a transaction's work is given: its statements run at once, inside the open transaction. */
class TransactionSql implements Sql {
  readonly dialect = 'sqlite' as const
  #statements: Statements | null

  constructor(statements: Statements) {
    this.#statements = statements
  }

  async all<Row extends object>(text: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.#open().all<Row>(text, params)
  }

  async get<Row extends object>(text: string, params: readonly SqlValue[] = []): Promise<Row | null> {
    return this.#open().get<Row>(text, params)
  }

  async run(text: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return this.#open().run(text, params)
  }

  /** Already inside one: the work simply joins it (a failure still rolls the whole transaction back). */
  async transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    this.#open()
    return work(this)
  }

  close(): void {
    this.#statements = null
  }

  /** A statement sent after COMMIT or ROLLBACK would run outside the lock: that is a bug, said loudly. */
  #open(): Statements {
    if (!this.#statements) throw new Error('This transaction has ended; its sql cannot be used any more.')
    return this.#statements
  }
}
