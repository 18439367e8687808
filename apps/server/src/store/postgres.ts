import { createDocumentTables } from './postgresSchema.ts'
import type { Sql, SqlValue } from './sql.ts'
import type {
  AppendEntry,
  CatchUp,
  ClientOwner,
  CompactResult,
  DocumentStore,
  LoggedUpdate,
  StoredDocument,
} from './types.ts'

/** Rows per multi-row INSERT: far below PostgreSQL's 65535 parameters, and few distinct texts. */
const ROWS_PER_INSERT = 500

/** `(?, ?, ?), (?, ?, ?), …`: one group of `width` placeholders per row. */
function valueGroups(rows: number, width: number): string {
  const group = `(${Array.from({ length: width }, () => '?').join(', ')})`
  return Array.from({ length: rows }, () => group).join(', ')
}

/**
 * Runs `INSERT INTO {into} VALUES …{then}` once per slice of at most ROWS_PER_INSERT rows: one round
 * trip for a batch instead of one per row.
 */
async function insertRows(
  sql: Sql,
  { into, then = '' }: { into: string; then?: string },
  rows: readonly (readonly SqlValue[])[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const slice = rows.slice(start, start + ROWS_PER_INSERT)
    const width = slice[0]?.length ?? 0
    await sql.run(`INSERT INTO ${into} VALUES ${valueGroups(slice.length, width)}${then}`, slice.flat())
  }
}

type SnapshotRow = { data: Uint8Array }
type UpdateRow = { seq: number; data: Uint8Array }

/**
 * The document log on PostgreSQL, shared by every instance; the same contract as the SQLite store.
 * The caller owns `sql` and closes it; the store's `close` leaves it open.
 */
export async function openPostgresStore({ sql }: { sql: Sql }): Promise<DocumentStore> {
  if (sql.dialect !== 'postgres') throw new Error('openPostgresStore needs a PostgreSQL Sql')
  await createDocumentTables(sql)

  /**
   * A reader's statements all see one state of the database, so a compaction that commits between
   * them cannot hand it a snapshot without the rows after it, or rows without their snapshot.
   */
  const reading = <T>(work: (tx: Sql) => Promise<T>): Promise<T> =>
    sql.transaction(async (tx) => {
      await tx.run('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY')
      return await work(tx)
    })

  const headOf = async (reader: Sql, documentId: string): Promise<number> =>
    (await reader.get<{ head_seq: number }>('SELECT head_seq FROM documents WHERE name = ?', [documentId]))
      ?.head_seq ?? 0

  const logAfter = async (reader: Sql, documentId: string, afterSeq: number): Promise<LoggedUpdate[]> =>
    (
      await reader.all<UpdateRow>(
        'SELECT seq, data FROM updates WHERE document = ? AND seq > ? ORDER BY seq',
        [documentId, afterSeq],
      )
    ).map(({ seq, data }) => ({ seq, update: data }))

  const ownersOf = async (reader: Sql, documentId: string): Promise<ClientOwner[]> =>
    (
      await reader.all<{ client_id: number; owner: string }>(
        'SELECT client_id, owner FROM client_owners WHERE document = ?',
        [documentId],
      )
    ).map(({ client_id, owner }) => ({ clientId: client_id, owner }))

  const load = (documentId: string): Promise<StoredDocument> =>
    reading(async (tx) => {
      const snapshot = await tx.get<SnapshotRow>('SELECT data FROM snapshots WHERE document = ?', [
        documentId,
      ])
      return {
        snapshot: snapshot?.data ?? null,
        updates: await logAfter(tx, documentId, 0),
        headSeq: await headOf(tx, documentId),
        owners: await ownersOf(tx, documentId),
      }
    })

  const since = (documentId: string, afterSeq: number): Promise<CatchUp> =>
    reading(async (tx) => {
      // The snapshot only when the reader lacks some of what it holds; a reader with nothing (0) lacks
      // even a snapshot through 0.
      const snapshot = await tx.get<SnapshotRow>(
        'SELECT data FROM snapshots WHERE document = ? AND (?::bigint = 0 OR through_seq > ?)',
        [documentId, afterSeq, afterSeq],
      )
      return {
        snapshot: snapshot?.data ?? null,
        updates: await logAfter(tx, documentId, afterSeq),
        owners: await ownersOf(tx, documentId),
      }
    })

  const append = (batch: readonly AppendEntry[]): Promise<number[]> =>
    sql.transaction(async (tx) => {
      const arriving = new Map<string, number>()
      for (const { documentId } of batch) arriving.set(documentId, (arriving.get(documentId) ?? 0) + 1)
      // One statement for every document of the batch, taking the rows' locks in one order (by name) on
      // every instance: two batches that both touch documents a and b cannot each hold one and wait for
      // the other. The lock is held until COMMIT, so a document's next writer gets its numbers only
      // after these rows are visible: no seq is seen before a smaller one, and a rolled-back batch gives
      // no number away.
      const nextSeq = new Map<string, number>()
      const advanced = await tx.all<{ name: string; head_seq: number | string }>(
        `INSERT INTO documents (name, head_seq)
         SELECT name, n FROM jsonb_to_recordset(?::jsonb) AS arriving(name text, n bigint) ORDER BY name
         ON CONFLICT (name) DO UPDATE SET head_seq = documents.head_seq + excluded.head_seq
         RETURNING name, head_seq`,
        [JSON.stringify([...arriving].map(([name, n]) => ({ name, n })))],
      )
      for (const { name, head_seq } of advanced)
        nextSeq.set(name, Number(head_seq) - (arriving.get(name) ?? 0) + 1)
      if (nextSeq.size !== arriving.size) throw new Error('advancing the document heads missed a document')
      const seqs: number[] = []
      const updates: SqlValue[][] = []
      const claims: SqlValue[][] = []
      for (const { documentId, update, claims: claimed = [] } of batch) {
        const seq = nextSeq.get(documentId) ?? 0
        nextSeq.set(documentId, seq + 1)
        seqs.push(seq)
        updates.push([documentId, seq, update])
        for (const { clientId, owner } of claimed) claims.push([documentId, clientId, owner])
      }
      await insertRows(tx, { into: 'updates (document, seq, data)' }, updates)
      // A claim is repeated by every update sent before its first one is stored; the first owner stays
      // (rows of one INSERT go in order). Claims are written under their document's row lock, so two
      // instances never wait on each other's claims.
      await insertRows(
        tx,
        { into: 'client_owners (document, client_id, owner)', then: ' ON CONFLICT DO NOTHING' },
        claims,
      )
      return seqs
    })

  const heads = async (documentIds: readonly string[]): Promise<Map<string, number>> => {
    const found = new Map<string, number>(documentIds.map((documentId) => [documentId, 0]))
    if (documentIds.length === 0) return found
    // The names travel as one JSON array, so the statement's text is the same for any number of them.
    const rows = await sql.all<{ name: string; head_seq: number }>(
      'SELECT name, head_seq FROM documents WHERE name IN (SELECT jsonb_array_elements_text(?::jsonb))',
      [JSON.stringify(documentIds)],
    )
    for (const { name, head_seq } of rows) found.set(name, head_seq)
    return found
  }

  const compact = (documentId: string, snapshot: Uint8Array, upToSeq: number): Promise<CompactResult> =>
    sql.transaction(async (tx) => {
      // Held until this transaction ends. Another instance compacting the same document makes this
      // one give up at once ('busy') rather than wait, and try again on its next turn.
      const lock = await tx.get<{ taken: boolean }>(
        'SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0)) AS taken',
        [documentId],
      )
      if (!lock?.taken) return 'busy'
      const stored = await tx.run(
        `INSERT INTO snapshots (document, data, through_seq) VALUES (?, ?, ?)
         ON CONFLICT (document) DO UPDATE
           SET data = excluded.data, updated_at = excluded.updated_at, through_seq = excluded.through_seq
           WHERE snapshots.through_seq < excluded.through_seq`,
        [documentId, snapshot, upToSeq],
      )
      if (stored.changes === 0) return 'stale'
      await tx.run('DELETE FROM updates WHERE document = ? AND seq <= ?', [documentId, upToSeq])
      return 'done'
    })

  return {
    load,
    append: async (batch) => (batch.length === 0 ? [] : await append(batch)),
    since,
    head: (documentId) => headOf(sql, documentId),
    heads,
    compact,
    // The Sql belongs to the caller, who may share it with the other tables.
    close: async () => {},
  }
}
