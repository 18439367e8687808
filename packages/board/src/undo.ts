import * as Y from 'yjs'
import type { BoardDoc } from './doc.ts'
import { LOCAL_ORIGIN } from './doc.ts'
import type { BoardRole, WritePath } from './rules/writeRules.ts'
import { classifyWrite, mayWrite, undoRoots } from './rules/writeRules.ts'

/** This person's undo and redo: only their own changes, never what others wrote. */
export interface UndoHistory {
  undo(): void
  redo(): void
  canUndo(): boolean
  canRedo(): boolean
  /** For React's useSyncExternalStore, with `getSnapshot`. */
  subscribe(listener: () => void): () => void
  getSnapshot(): UndoState
  destroy(): void
}

type DeleteSet = ReturnType<typeof Y.createDeleteSet>

export interface UndoState {
  canUndo: boolean
  canRedo: boolean
}

export interface UndoOptions {
  /** Whose board this is: an undo restores only what this role may write. */
  role: BoardRole
  /** Changes closer together than this (typing) undo as one step. */
  captureTimeout?: number
}

/** Whether a transaction is this person's own change: a named mutation, or an undo or redo of one. */
export function isOwnChange(origin: unknown): boolean {
  return origin === LOCAL_ORIGIN || origin instanceof Y.UndoManager
}

/**
 * Undo scoped to the local origin, over the records whose descriptors ask for it (the goals, their
 * steps, the plans, the cards, the grid's proposals, the canvas and the session fields).
 *
 * Removing a record deletes every field inside it, the server's stamps (`createdBy`, `updatedBy`) and
 * the other partner's consent included; the server accepts that as one shared act. Bringing the record
 * back would write those fields again, and the server refuses a client that writes a stamp or another
 * person's field. So each step keeps only the removed fields this role may write: the record returns
 * with its shared fields, and the server stamps it afresh.
 */
export function createUndo(doc: BoardDoc, options: UndoOptions): UndoHistory {
  const tracked = undoRoots().map((root) => doc.getMap(root))
  // Registered before the manager's own listener, so it runs first and can end the step in time.
  const stopAtNewFields = separateDistinctChanges(doc, tracked, () => manager.stopCapturing())
  const manager = new Y.UndoManager(tracked, {
    trackedOrigins: new Set([LOCAL_ORIGIN]),
    captureTimeout: options.captureTimeout ?? 500,
  })
  const restorable = (item: Y.Item) => {
    const path = pathOf(item)
    const writeClass = path && classifyWrite(path)
    return !!writeClass && mayWrite(writeClass, { role: options.role, sessionEnded: false })
  }
  const keepRestorable = ({ stackItem }: { stackItem: { deletions: DeleteSet } }) => {
    stackItem.deletions = filterDeleteSet(doc, stackItem.deletions, restorable)
  }
  manager.on('stack-item-added', keepRestorable)
  manager.on('stack-item-updated', keepRestorable)

  const listeners = new Set<() => void>()
  let snapshot: UndoState = { canUndo: false, canRedo: false }
  const refresh = () => {
    const next = { canUndo: manager.canUndo(), canRedo: manager.canRedo() }
    if (next.canUndo === snapshot.canUndo && next.canRedo === snapshot.canRedo) return
    snapshot = next
    for (const listener of listeners) listener()
  }
  manager.on('stack-item-added', refresh)
  manager.on('stack-item-popped', refresh)
  manager.on('stack-cleared', refresh)

  return {
    undo() {
      manager.undo()
      // A step whose changes others have since overwritten is dropped without a 'popped' event.
      refresh()
    },
    redo() {
      manager.redo()
      refresh()
    },
    canUndo: () => manager.canUndo(),
    canRedo: () => manager.canRedo(),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    getSnapshot: () => snapshot,
    destroy() {
      listeners.clear()
      doc.off('afterTransaction', stopAtNewFields)
      manager.destroy()
    },
  }
}

/** The fields a transaction changed, by the shared type (a record's map) they are in. */
type ChangedFields = Map<object, Set<string | null>>
/** What one of this person's transactions did: the fields it changed, and the records it made. */
type Change = { fields: ChangedFields; made: Set<object> }

/**
 * Quick changes are one step only while they go on with the same thing: typing into a title, dragging
 * a card (each frame moves it again), or drawing a shape just made (its first frame makes it, the next
 * ones size it). A different act soon after (a tick, then a new wording; one field, then the next) is a
 * step of its own, however fast the hands: Yjs alone would merge anything within the capture time, and
 * one undo would take back more than the person meant.
 */
function separateDistinctChanges(
  doc: BoardDoc,
  tracked: readonly Y.Map<unknown>[],
  endStep: () => void,
): (transaction: Y.Transaction) => void {
  let previous: Change | null = null
  const listener = (transaction: Y.Transaction) => {
    if (transaction.origin instanceof Y.UndoManager) {
      previous = null
      return
    }
    if (transaction.origin !== LOCAL_ORIGIN) return
    const change: Change = { fields: new Map(), made: new Set() }
    for (const [type, keys] of transaction.changed) {
      if (!tracked.some((root) => (root as object) === type || Y.isParentOf(root, type._item))) continue
      change.fields.set(type, keys)
      if (!(type instanceof Y.Map)) continue
      for (const key of keys) {
        const value: unknown = key === null ? undefined : type.get(key)
        if (value instanceof Y.AbstractType && value._item && madeIn(transaction, value._item)) {
          change.made.add(value)
        }
      }
    }
    if (change.fields.size === 0) return
    if (!previous || !goesOn(previous, change)) endStep()
    previous = change
  }
  doc.on('afterTransaction', listener)
  return listener
}

/** Whether the item was written in this transaction (it is past what its client had before). */
function madeIn(transaction: Y.Transaction, item: Y.Item): boolean {
  return item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0)
}

/** Whether `next` goes on with `previous`: a field in common, or only records `previous` made. */
function goesOn(previous: Change, next: Change): boolean {
  if ([...next.fields.keys()].every((type) => previous.made.has(type))) return true
  for (const [type, keys] of next.fields) {
    const before = previous.fields.get(type)
    if (before && [...keys].some((key) => before.has(key))) return true
  }
  return false
}

/** The item's place in the document as the write rules see it: root map, then the keys below it. */
export function pathOf(item: Y.Item): WritePath | null {
  const keys: (string | null)[] = []
  let current: Y.Item = item
  for (;;) {
    keys.unshift(current.parentSub)
    const parent = current.parent
    if (!(parent instanceof Y.AbstractType)) return null
    if (parent._item === null) {
      const root = Y.findRootTypeKey(parent)
      return root ? { root, keys } : null
    }
    current = parent._item
  }
}

/** A copy of `deletions` without the items `keep` turns down. Garbage-collected ranges stay as they are. */
function filterDeleteSet(doc: BoardDoc, deletions: DeleteSet, keep: (item: Y.Item) => boolean): DeleteSet {
  const kept = Y.createDeleteSet()
  for (const [client, ranges] of deletions.clients) {
    const structs = doc.store.clients.get(client) ?? []
    for (const { clock, len } of ranges) {
      const end = clock + len
      for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
        const struct = structs[i] as Y.Item | Y.GC
        if (struct.id.clock >= end) break
        if (struct instanceof Y.Item && !keep(struct)) continue
        const from = Math.max(clock, struct.id.clock)
        const to = Math.min(end, struct.id.clock + struct.length)
        const list = kept.clients.get(client) ?? []
        list.push({ clock: from, len: to - from })
        kept.clients.set(client, list)
      }
    }
  }
  // Sorted and merged, as Yjs expects of a delete set it reads.
  return Y.mergeDeleteSets([kept])
}
