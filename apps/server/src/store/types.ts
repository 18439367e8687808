/**
 * Durable storage for documents. SQLite is the embedded default; PostgreSQL will implement the same
 * interface for the multi-instance mode, which is why every method returns a promise even though
 * node:sqlite is synchronous.
 *
 * Each document's updates are numbered 1, 2, 3, … without gaps (its `seq`), in the transaction that
 * stores them: another instance can then tell a missed update from one not yet written, and catch up.
 */
export type StoredDocument = {
  /** Every update up to some seq folded into one, or null if the document was never compacted. */
  snapshot: Uint8Array | null
  /** The updates after the snapshot, in seq order. */
  updates: LoggedUpdate[]
  /** The seq of the document's newest update (in the log or in the snapshot); 0 for a new document. */
  headSeq: number
  /** Who wrote under each Yjs client id of this document (the write filter keeps others out of it). */
  owners: ClientOwner[]
}

export type LoggedUpdate = { seq: number; update: Uint8Array }

/** What a reader that has every update up to some seq lacks. */
export type CatchUp = {
  /** Given when some of the missing updates were compacted away; applying it again is harmless. */
  snapshot: Uint8Array | null
  updates: LoggedUpdate[]
  /** Who writes under each client id, as now on record: the rows above were checked against them. */
  owners: ClientOwner[]
}

/** A Yjs client id of one document and the one who writes under it (a person id, or the server). */
export type ClientOwner = { clientId: number; owner: string }

export type AppendEntry = {
  documentId: string
  update: Uint8Array
  /** Client ids this update is the first to write under; stored in the same transaction as the update. */
  claims?: readonly ClientOwner[]
}

export type CompactResult = 'done' | 'busy' | 'stale'

export type DocumentStore = {
  load: (documentId: string) => Promise<StoredDocument>
  /**
   * Appends the whole batch atomically, each entry's claims with it (a client id already owned keeps
   * its first owner), and resolves to each entry's seq, in order.
   */
  append: (batch: readonly AppendEntry[]) => Promise<number[]>
  /** The updates after `afterSeq`, in order. */
  since: (documentId: string, afterSeq: number) => Promise<CatchUp>
  /** The seq of the document's newest update; 0 if it has none. */
  head: (documentId: string) => Promise<number>
  /** Each named document's newest seq (0 for one never written), in one read. */
  heads: (documentIds: readonly string[]) => Promise<Map<string, number>>
  /**
   * Atomically replaces the snapshot with one through `upToSeq` and deletes the log rows it covers.
   * 'busy': another instance is compacting this document right now, so nothing was done and nobody
   * waited; try again later. 'stale': the stored snapshot already reaches `upToSeq` or beyond, so it is
   * kept (replacing it would lose the updates between the two, whose rows are gone).
   */
  compact: (documentId: string, snapshot: Uint8Array, upToSeq: number) => Promise<CompactResult>
  close: () => Promise<void>
}

/** A stored document's updates in the order they apply: the snapshot first, then the log. */
export function updatesInOrder({ snapshot, updates }: StoredDocument | CatchUp): Uint8Array[] {
  const logged = updates.map(({ update }) => update)
  return snapshot ? [snapshot, ...logged] : logged
}
