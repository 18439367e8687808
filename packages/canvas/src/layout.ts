import type { TLBinding, TLRecord, TLShape } from '@tldraw/tlschema'
import type * as Y from 'yjs'

/**
 * How the canvas lives in the session document: the root map `canvas` holds one Y.Map per shape or
 * binding, keyed by record id. Each field is its own key (`props` and `meta` flattened to `props.<key>` and
 * `meta.<key>`) with a plain JSON value, so two people editing different fields of one shape both keep
 * their edit. Pages, assets and the document record are not shared: every client has the default page.
 */
export type CanvasRecord = TLShape | TLBinding

/** Values are typed unknown: a remote peer may have written anything there. */
export function canvasMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('canvas')
}

export function isCanvasRecord(record: TLRecord): record is CanvasRecord {
  return record.typeName === 'shape' || record.typeName === 'binding'
}

// Only these top-level keys are read back: anything else in a record map (the server's `createdBy` and
// `updatedBy` stamps) is not a field of the record.
const recordFields = ['id', 'typeName', 'type']
const topLevelFields = {
  shape: new Set([...recordFields, 'x', 'y', 'rotation', 'index', 'parentId', 'isLocked', 'opacity']),
  binding: new Set([...recordFields, 'fromId', 'toId']),
}
const nestedFields = ['props', 'meta'] as const

/** The flat field map of a record, as stored in its Y.Map. Undefined values are left out. */
export function encodeRecord(record: CanvasRecord): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue
    if (key === 'props' || key === 'meta') {
      for (const [nestedKey, nestedValue] of Object.entries(value as Record<string, unknown>)) {
        if (nestedValue !== undefined) fields[`${key}.${nestedKey}`] = nestedValue
      }
    } else {
      fields[key] = value
    }
  }
  return fields
}

/**
 * The record a flat field map describes, unvalidated (the store's schema judges it), or null when it is
 * not a shape or a binding. Keys that are not fields of the record are ignored.
 */
export function decodeRecord(fields: Readonly<Record<string, unknown>>): CanvasRecord | null {
  const typeName = fields['typeName']
  if (typeName !== 'shape' && typeName !== 'binding') return null
  const topLevel = Object.entries(fields).filter(([key]) => topLevelFields[typeName].has(key))
  const nested = nestedFields.map((name) => {
    const prefix = `${name}.`
    const entries = Object.entries(fields)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value])
    // fromEntries defines `__proto__` as a plain key (which validation then refuses) instead of setting
    // the prototype.
    return [name, Object.fromEntries(entries)]
  })
  return Object.fromEntries([...topLevel, ...nested]) as CanvasRecord
}
