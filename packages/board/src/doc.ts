import * as Y from 'yjs'

/** The session document. Only this package (and the server's sync layer) touches Yjs directly. */
export type BoardDoc = Y.Doc

/** Origin of every write made by this client, so undo and "unsent changes" can tell them apart. */
export const LOCAL_ORIGIN = Symbol('session-board/local')

export function createBoardDoc(): BoardDoc {
  return new Y.Doc()
}

/** The top-level maps. Records are stored flat, keyed by id, each as a Y.Map of its fields. */
export function metaMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('meta')
}
export function sessionMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('session')
}
export function goalsMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('goals')
}
export function cardsMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('cards')
}
/** Stepping stones: the short-term steps of each long-term goal. */
export function stepsMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('steps')
}
/** If-then plans. */
export function plansMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('plans')
}
/**
 * The goal canvas: tldraw records (`shape:…`, `binding:…`) keyed by id, each a map of its fields with
 * plain values: top-level fields by name, props as `props.<key>`, meta as `meta.<key>`.
 */
export function canvasMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('canvas')
}
/**
 * Singletons: the huddle clock and agenda, who holds the floor, what is revealed. Therapist-owned,
 * except the partners' own keys inside the huddle and the floor (check-ins, raised hands, …).
 */
export function huddleMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('huddle')
}
export function floorMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('floor')
}
/** Records of finished huddles, keyed by the huddle's run id. Therapist-owned. */
export function huddlesMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('huddles')
}
export function revealMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('reveal')
}

/** Runs one named mutation as one transaction with the local origin. */
export function mutate<T>(doc: BoardDoc, change: () => T): T {
  let result: T | undefined
  doc.transact(() => {
    result = change()
  }, LOCAL_ORIGIN)
  return result as T
}

/** Builds a record map from plain fields; nested values are stored as plain (immutable) values. */
export function recordMap(fields: Record<string, unknown>): Y.Map<unknown> {
  return new Y.Map(Object.entries(fields))
}

export function readString(record: Y.Map<unknown>, key: string): string {
  const value = record.get(key)
  return typeof value === 'string' ? value : ''
}

/** The record `id` of a collection, if it is a map: a stored non-map record is as good as absent. */
export function recordAt(map: Y.Map<unknown>, id: string): Y.Map<unknown> | undefined {
  const record = map.get(id)
  return record instanceof Y.Map ? (record as Y.Map<unknown>) : undefined
}

/**
 * The records of a collection that are maps, as [id, record]; anything else is left out (and reported
 * by `skippedRecords`), so one bad record never stops the board from being read.
 */
export function recordEntries(map: Y.Map<unknown>): [string, Y.Map<unknown>][] {
  const entries: [string, Y.Map<unknown>][] = []
  map.forEach((record, id) => {
    if (record instanceof Y.Map) entries.push([id, record as Y.Map<unknown>])
  })
  return entries
}
