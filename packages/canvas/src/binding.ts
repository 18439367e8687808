import { LOCAL_ORIGIN } from '@session-board/board'
import type { RecordsDiff, Store } from '@tldraw/store'
import type { TLRecord } from '@tldraw/tlschema'
import { isEqual } from '@tldraw/utils'
import * as Y from 'yjs'
import { canvasMap, decodeRecord, encodeRecord, isCanvasRecord } from './layout.ts'
import type { CanvasRecord } from './layout.ts'

export interface CanvasBindingOptions {
  /** A record in the document that the store refused; the store keeps the last valid version, if any. */
  onInvalidRecord?(id: string, error: unknown): void
}

export interface CanvasBinding {
  /** Ids of the document's records that the store currently refuses. */
  refusedIds(): string[]
  /**
   * Runs `change` (board mutations and editor calls) and writes the shapes it made in the same
   * transaction, with the local origin: others get all of it at once (a new goal never arrives without
   * the card made for it), and it is one step to undo.
   */
  inOneStep<T>(change: () => T): T
  /** Writes the local changes not yet sent to the document, then stops syncing both ways. */
  dispose(): void
}

/**
 * Keeps a tldraw store and the `canvas` map of the session document in step. The document is the source
 * of truth: on bind, the store takes its shapes and bindings and drops any others it had.
 *
 * Local changes reach the store's listeners once per animation frame, so each flush (one or more tldraw
 * changes, squashed) becomes one transaction with the local origin, writing only the fields that changed.
 */
export function bindCanvas<Props>(
  store: Store<TLRecord, Props>,
  doc: Y.Doc,
  options: CanvasBindingOptions = {},
): CanvasBinding {
  const canvas = canvasMap(doc)
  // The transactions this binding writes, so they are not read back. A flag would not do: a write made
  // while observing another transaction has its own observers called after the write has returned.
  const ownTransactions = new WeakSet<Y.Transaction>()
  const refused = new Map<string, unknown>()

  function refuse(id: string, error: unknown) {
    refused.set(id, error)
    options.onInvalidRecord?.(id, error)
  }

  function writeLocalChanges(changes: RecordsDiff<TLRecord>) {
    const added = Object.values(changes.added).filter(isCanvasRecord)
    const updated = Object.values(changes.updated).filter((change): change is [CanvasRecord, CanvasRecord] =>
      isCanvasRecord(change[1]),
    )
    const removed = Object.values(changes.removed).filter(isCanvasRecord)
    if (added.length + updated.length + removed.length === 0) return
    // Joining someone else's open transaction would make all of it look like ours.
    const opensTransaction = doc._transaction === null
    doc.transact((transaction) => {
      if (opensTransaction) ownTransactions.add(transaction)
      for (const record of added) canvas.set(record.id, new Y.Map(Object.entries(encodeRecord(record))))
      for (const [before, after] of updated) {
        const fields = canvas.get(after.id)
        // Gone from the document meanwhile: a concurrent delete wins over an edit.
        if (fields instanceof Y.Map) writeChangedFields(fields, encodeRecord(before), encodeRecord(after))
      }
      for (const record of removed) canvas.delete(record.id)
    }, LOCAL_ORIGIN)
  }

  function readFromDoc(ids: Iterable<string>) {
    const removals: CanvasRecord['id'][] = []
    const puts: CanvasRecord[] = []
    for (const id of ids) {
      const fields = canvas.get(id)
      const current = store.get(id as TLRecord['id'])
      if (fields === undefined) {
        refused.delete(id)
        if (current && isCanvasRecord(current)) removals.push(current.id)
        continue
      }
      if (!(fields instanceof Y.Map)) {
        refuse(id, new Error(`canvas.${id} is not a Y.Map`))
        continue
      }
      const record = decodeRecord(fields.toJSON())
      if (!record) continue
      if (record.id !== id) {
        refuse(id, new Error(`canvas.${id} holds the record ${String(record.id)}`))
        continue
      }
      if (current && isEqual(current, record)) {
        refused.delete(id)
        continue
      }
      try {
        store.schema.validateRecord(store, record, current ? 'updateRecord' : 'createRecord', current ?? null)
      } catch (error) {
        refuse(id, error)
        continue
      }
      refused.delete(id)
      puts.push(record)
    }
    // Shapes before the bindings that point at them.
    puts.sort((a, b) => (a.typeName === b.typeName ? 0 : a.typeName === 'shape' ? -1 : 1))
    putRemote(removals, puts)
  }

  function putRemote(removals: CanvasRecord['id'][], puts: CanvasRecord[]) {
    if (removals.length + puts.length === 0) return
    try {
      // Removals first, so records the document also changed end as the document has them, whatever the
      // editor's delete side effects (unbinding arrows) did to them.
      store.mergeRemoteChanges(() => {
        store.remove(removals)
        store.put(puts)
      })
    } catch {
      // Something past validation threw (a side effect of a shape or binding util), and the store rolled
      // the batch back: apply the records one by one so only the culprit is refused.
      const attempt = (id: string, change: () => void) => {
        try {
          store.mergeRemoteChanges(change)
        } catch (error) {
          refuse(id, error)
        }
      }
      for (const id of removals) attempt(id, () => store.remove([id]))
      for (const record of puts) attempt(record.id, () => store.put([record]))
    }
  }

  function observeCanvas(events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) {
    const ids = new Set<string>()
    for (const event of events) {
      if (event.target === canvas) {
        for (const id of event.keys.keys()) ids.add(id)
      } else {
        const [id] = event.path
        if (typeof id === 'string') ids.add(id)
      }
    }
    if (ownTransactions.has(transaction)) {
      // The store already has what it wrote, except records it refuses: the write may have mended them.
      readFromDoc([...ids].filter((id) => refused.has(id)))
      return
    }
    // Local edits still waiting for the next frame go into the document first, so the records read back
    // include them and the store never keeps a value the document has already overwritten.
    store._flushHistory()
    readFromDoc(ids)
  }

  const unlisten = store.listen(({ changes }) => writeLocalChanges(changes), {
    source: 'user',
    scope: 'document',
  })
  const stale = store
    .allRecords()
    .filter((record) => isCanvasRecord(record) && !canvas.has(record.id))
    .map((record) => record.id)
  readFromDoc([...canvas.keys(), ...stale])
  canvas.observeDeep(observeCanvas)

  let disposed = false
  return {
    refusedIds: () => [...refused.keys()],
    inOneStep<T>(change: () => T): T {
      let result: T | undefined
      doc.transact(() => {
        result = change()
        if (!disposed) store._flushHistory()
      }, LOCAL_ORIGIN)
      return result as T
    },
    dispose() {
      if (disposed) return
      disposed = true
      store._flushHistory()
      unlisten()
      canvas.unobserveDeep(observeCanvas)
    },
  }
}

/** Sets the fields whose value changed between two encodings of a record and deletes the ones it lost. */
function writeChangedFields(
  fields: Y.Map<unknown>,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
) {
  for (const [key, value] of Object.entries(after)) {
    if (!isEqual(before[key], value)) fields.set(key, value)
  }
  for (const key of Object.keys(before)) {
    if (!Object.hasOwn(after, key)) fields.delete(key)
  }
}
