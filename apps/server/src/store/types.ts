/**
 * Durable storage for session documents. SQLite is the embedded default; PostgreSQL will implement the
 * same interface for the multi-instance mode, which is why every method returns a promise even though
 * node:sqlite is synchronous.
 */
export type StoredDocument = {
  /** The snapshot (if any) first, then every logged update in the order it was appended. */
  updates: Uint8Array[]
  /** The id of the last log row included above; 0 when the log is empty. Compaction deletes up to it. */
  lastId: number
  /** Who wrote under each Yjs client id of this document (the write filter keeps others out of it). */
  owners: ClientOwner[]
}

/** A Yjs client id of one document and the one who writes under it (a person id, or the server). */
export type ClientOwner = { clientId: number; owner: string }

export type AppendEntry = {
  sessionId: string
  update: Uint8Array
  /** Client ids this update is the first to write under; stored in the same transaction as the update. */
  claims?: readonly ClientOwner[]
}

export type DocumentStore = {
  load: (sessionId: string) => Promise<StoredDocument>
  /**
   * Appends the whole batch atomically, each entry's claims with it (a client id already owned keeps
   * its first owner), and resolves to each entry's log id, in order.
   */
  append: (batch: readonly AppendEntry[]) => Promise<number[]>
  /** Atomically replaces the snapshot and deletes log rows with id <= upToId for that session. */
  compact: (sessionId: string, snapshot: Uint8Array, upToId: number) => Promise<void>
  close: () => Promise<void>
}
