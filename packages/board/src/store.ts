import type * as Y from 'yjs'
import type { BoardDoc } from './doc.ts'
import { canvasMap } from './doc.ts'
import type { SkippedRecord } from './schema/registry.ts'
import { BOARD_RECORDS, skippedRecords } from './schema/registry.ts'

type Registry = (typeof BOARD_RECORDS)[number]
type Selected<S> = { -readonly [K in keyof S]: S[K] extends (doc: BoardDoc) => infer R ? R : never }
type Merged<U> = (U extends unknown ? (part: U) => void : never) extends (part: infer I) => void ? I : never

/**
 * Everything the board shows, read in one pass: what each record's descriptor selects (goals, columns,
 * huddle, …), and the stored records that could not be read.
 */
export type BoardSnapshot = Merged<Selected<Registry['snapshot']>> & {
  /** Records skipped because they are not maps (stored before the server checked shapes). */
  skipped: SkippedRecord[]
}

export function selectBoard(doc: BoardDoc): BoardSnapshot {
  const snapshot: Record<string, unknown> = { skipped: skippedRecords(doc) }
  for (const record of BOARD_RECORDS) {
    for (const [key, select] of Object.entries(record.snapshot)) snapshot[key] = select(doc)
  }
  return snapshot as BoardSnapshot
}

export interface BoardStore {
  subscribe(listener: () => void): () => void
  getSnapshot(): BoardSnapshot
}

/**
 * Whether a transaction changed anything the snapshot holds. The canvas's own records (positions, sizes,
 * drawings) are tldraw's to show: a drag writes one every frame and must not rebuild every card.
 */
function changesSnapshot(transaction: Y.Transaction, canvas: object): boolean {
  for (const type of transaction.changed.keys()) {
    if (type !== canvas && type._item?.parent !== canvas) return true
  }
  return false
}

/**
 * A store for React's useSyncExternalStore: the snapshot is read again only after the document
 * changed, so its identity is stable between changes.
 */
export function createBoardStore(doc: BoardDoc): BoardStore {
  let snapshot: BoardSnapshot | undefined
  const listeners = new Set<() => void>()
  const canvas = canvasMap(doc)
  // Listening from the start, not from the first subscriber: React reads the snapshot while it renders
  // and subscribes only after it commits, so a change in between (the first sync, often) would
  // otherwise leave that snapshot standing, and the board empty, until the next change.
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (!changesSnapshot(transaction, canvas)) return
    snapshot = undefined
    for (const listener of listeners) listener()
  })
  return {
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    getSnapshot() {
      snapshot ??= selectBoard(doc)
      return snapshot
    },
  }
}
