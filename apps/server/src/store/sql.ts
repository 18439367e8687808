/**
 * The one way the server's tables are read and written, whatever the engine: SQLite (`node:sqlite`,
 * the embedded default) or PostgreSQL (`pg`, chosen by DATABASE_URL). The queries above it are written
 * once, in the subset both dialects accept (`?` placeholders, `ON CONFLICT … DO NOTHING/UPDATE`,
 * `RETURNING`, `LIMIT`); each executor makes them run on its engine.
 *
 * Values: text, numbers (PostgreSQL's BIGINT comes back as a number; times in ms stay below 2^53),
 * null, and bytes (BLOB / BYTEA, always a Uint8Array going in and coming out).
 */
export type SqlValue = string | number | null | Uint8Array

export type SqlDialect = 'sqlite' | 'postgres'

export interface Sql {
  readonly dialect: SqlDialect
  /** Every row the statement returns. */
  all<Row extends object>(text: string, params?: readonly SqlValue[]): Promise<Row[]>
  /** The first row, or null. */
  get<Row extends object>(text: string, params?: readonly SqlValue[]): Promise<Row | null>
  /** A statement run for its effect: how many rows it changed. */
  run(text: string, params?: readonly SqlValue[]): Promise<{ changes: number }>
  /**
   * Runs `work` in one transaction and commits if it resolves, else rolls back and rethrows. Inside,
   * use the `sql` it is given: on SQLite no other statement joins an open transaction (they wait for
   * it), and on PostgreSQL it is the one pooled connection the transaction holds.
   */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>
}
