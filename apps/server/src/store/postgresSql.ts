import pg from 'pg'
import type { Logger } from '../log.ts'
import { errorMessage } from '../log.ts'
import type { Sql, SqlValue } from './sql.ts'

export type PostgresSqlOptions = {
  /** `postgres://user@host:port/database`, as DATABASE_URL gives it. */
  connectionString: string
  /** The most connections this instance opens (PG_POOL_MAX); each open transaction holds one. */
  max?: number
  /** Where an idle connection's failure is reported (the pool drops it and opens a new one). */
  log?: Logger
}

const { INT8, BYTEA } = pg.types.builtins

/**
 * BIGINT (and count(*)) as a number: our BIGINTs are ms times, seqs and counts, all far below 2^53.
 * A value beyond that would silently lose digits as a number, so the query fails instead.
 */
function parseInt8(text: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value)) throw new RangeError(`a BIGINT beyond Number.MAX_SAFE_INTEGER: ${text}`)
  return value
}

const parseByteaDefault = pg.types.getTypeParser(BYTEA, 'text') as (text: string) => Buffer

/**
 * BYTEA as a plain Uint8Array that owns its memory, as node:sqlite returns BLOBs: pg's own Buffer
 * may be a slice of a shared pool, and Buffer's `slice` makes a view where Uint8Array's makes a copy.
 */
function parseBytea(text: string): Uint8Array {
  if (!text.startsWith('\\x')) return new Uint8Array(parseByteaDefault(text))
  const owned = Buffer.allocUnsafeSlow((text.length - 2) / 2)
  owned.write(text.slice(2), 'hex')
  return new Uint8Array(owned.buffer, owned.byteOffset, owned.byteLength)
}

/**
 * The parsers this pool's connections use: ours for int8 and bytea, pg's defaults for the rest. Given
 * to the pool, not set on pg's global parsers, so another user of `pg` in the process is not changed
 * behind its back.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format: 'text' | 'binary' = 'text') => {
    if (format === 'text' && oid === INT8) return parseInt8
    if (format === 'text' && oid === BYTEA) return parseBytea
    return pg.types.getTypeParser(oid, format)
  }) as pg.CustomTypesConfig['getTypeParser'],
}

/**
 * `?` placeholders become PostgreSQL's `$1, $2, …`, in order. The rewrite does not read SQL: our
 * queries never put `?` inside a string literal, an identifier or a comment, and never use the jsonb
 * operators spelled with `?`. Each text is rewritten once; the texts are the code's own constants (and
 * a few multi-row INSERTs per row count), so the cache stays small, and it is bounded all the same.
 */
const rewritten = new Map<string, string>()
const REWRITE_CACHE_SIZE = 2000

export function numberedPlaceholders(text: string): string {
  const cached = rewritten.get(text)
  if (cached !== undefined) return cached
  let next = 0
  const numbered = text.replace(/\?/g, () => `$${++next}`)
  if (rewritten.size >= REWRITE_CACHE_SIZE) {
    const oldest = rewritten.keys().next()
    if (!oldest.done) rewritten.delete(oldest.value)
  }
  rewritten.set(text, numbered)
  return numbered
}

async function query(
  target: pg.Pool | pg.PoolClient,
  text: string,
  params: readonly SqlValue[],
): Promise<pg.QueryResult> {
  const numbered = numberedPlaceholders(text)
  // Without parameters pg uses the simple protocol, which also runs a script of several statements.
  return params.length === 0 ? await target.query(numbered) : await target.query(numbered, [...params])
}

/**
 * The `Sql` of one open transaction: every statement goes to the one connection it holds. Calling
 * `transaction` on it runs the work inline, in the same transaction (no savepoint): a failure inside
 * still rolls the whole transaction back unless the caller catches it.
 */
class PinnedSql implements Sql {
  readonly dialect = 'postgres' as const
  readonly #client: pg.PoolClient
  #open = true

  constructor(client: pg.PoolClient) {
    this.#client = client
  }

  /** After this, a caller that kept the object cannot send statements to a connection back in the pool. */
  end(): void {
    this.#open = false
  }

  #connection(): pg.PoolClient {
    if (!this.#open) throw new Error('this transaction has ended; use the Sql it was opened on')
    return this.#client
  }

  async all<Row extends object>(text: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return (await query(this.#connection(), text, params)).rows as Row[]
  }

  async get<Row extends object>(text: string, params: readonly SqlValue[] = []): Promise<Row | null> {
    return ((await query(this.#connection(), text, params)).rows[0] as Row | undefined) ?? null
  }

  async run(text: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return { changes: (await query(this.#connection(), text, params)).rowCount ?? 0 }
  }

  async transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    this.#connection()
    return await work(this)
  }
}

/** The PostgreSQL executor: a `pg.Pool`; a statement outside a transaction takes any free connection. */
export class PostgresSql implements Sql {
  readonly dialect = 'postgres' as const
  readonly #pool: pg.Pool
  #closed = false

  constructor({ connectionString, max = 10, log }: PostgresSqlOptions) {
    this.#pool = new pg.Pool({ connectionString, max, types, application_name: 'session-board' })
    // Without a listener, an idle connection that fails (the server restarted, the network dropped)
    // would crash the process; the pool already drops it, so this only reports it.
    this.#pool.on('error', (error) =>
      log?.warn('postgres_idle_connection_failed', { error: errorMessage(error) }),
    )
  }

  async all<Row extends object>(text: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return (await query(this.#pool, text, params)).rows as Row[]
  }

  async get<Row extends object>(text: string, params: readonly SqlValue[] = []): Promise<Row | null> {
    return ((await query(this.#pool, text, params)).rows[0] as Row | undefined) ?? null
  }

  async run(text: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return { changes: (await query(this.#pool, text, params)).rowCount ?? 0 }
  }

  async transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect()
    const pinned = new PinnedSql(client)
    // Set when the connection died or ROLLBACK itself failed: its state is unknown, so the pool must
    // not reuse it.
    let broken: Error | undefined
    // A checked-out connection has no 'error' listener of the pool's: one that dies mid-transaction
    // would crash the process. Its statements already fail with the error; this only marks it.
    const onLost = (error: Error) => {
      broken = error
    }
    client.on('error', onLost)
    try {
      await client.query('BEGIN')
      const result = await work(pinned)
      await client.query('COMMIT')
      return result
    } catch (error) {
      // After a failed COMMIT the transaction is already over; ROLLBACK then only warns.
      await client.query('ROLLBACK').catch((rollbackFailed: unknown) => {
        broken = rollbackFailed instanceof Error ? rollbackFailed : new Error(String(rollbackFailed))
      })
      throw error
    } finally {
      pinned.end()
      client.off('error', onLost)
      client.release(broken)
    }
  }

  /** Ends every connection; waits for the statements in flight. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#pool.end()
  }
}
