/**
 * What may be written into the goal canvas (`canvas` root): tldraw shape and binding records, each a
 * map of plain fields. The role rules say who may write there; these say what a write may contain, so
 * a crafted update cannot plant something the canvas would choke on in everyone's browser. The server
 * checks every field a change writes; the answer is null (fine) or a short, content-free reason.
 */

/** Why a canvas write was turned down. Never names the key or the value: it goes to the audit trail. */
export type CanvasProblem =
  | 'bad_record_id'
  | 'unknown_field'
  | 'id_mismatch'
  | 'type_name_mismatch'
  | 'not_a_string'
  | 'too_long'
  | 'not_a_finite_number'
  | 'not_a_boolean'
  | 'not_plain_json'
  | 'too_large'

/** tldraw ids: `shape:` or `binding:` and a nanoid-like tail. */
const recordIdPattern = /^(shape|binding):[A-Za-z0-9_-]{1,64}$/
/** A prop or meta entry, flattened: `props.w`, `meta.createdFor`. */
const entryKeyPattern = /^(props|meta)\.[A-Za-z0-9_]{1,64}$/

/** The longest prop or meta value, as JSON: room for rich text, not for a smuggled file. */
export const MAX_CANVAS_VALUE_CHARS = 32 * 1024
/** Plain JSON deeper than this is refused before it is measured (rich text nests a handful of levels). */
const MAX_JSON_DEPTH = 64

type ValueCheck = (value: unknown, recordId: string) => CanvasProblem | null

const shortString =
  (max: number, min = 0): ValueCheck =>
  (value) => {
    if (typeof value !== 'string') return 'not_a_string'
    return value.length < min || value.length > max ? 'too_long' : null
  }
const finiteNumber: ValueCheck = (value) =>
  typeof value === 'number' && Number.isFinite(value) ? null : 'not_a_finite_number'
const boolean: ValueCheck = (value) => (typeof value === 'boolean' ? null : 'not_a_boolean')

/** tldraw's top-level record fields, by name. A Map, so `constructor` or `__proto__` is just unknown. */
const topLevelChecks = new Map<string, ValueCheck>([
  ['id', (value, recordId) => (value === recordId ? null : 'id_mismatch')],
  ['typeName', (value, recordId) => (value === typeNameOf(recordId) ? null : 'type_name_mismatch')],
  ['type', shortString(64, 1)],
  ['x', finiteNumber],
  ['y', finiteNumber],
  ['rotation', finiteNumber],
  ['opacity', finiteNumber],
  ['isLocked', boolean],
  ['index', shortString(128)],
  ['parentId', shortString(128)],
  ['fromId', shortString(128)],
  ['toId', shortString(128)],
])

function typeNameOf(recordId: string): 'shape' | 'binding' {
  return recordId.startsWith('binding:') ? 'binding' : 'shape'
}

export function isCanvasRecordId(recordId: string): boolean {
  return recordIdPattern.test(recordId)
}

/** Whether `key` may be written in the record `recordId` at all, whatever the value. */
export function checkCanvasKey(recordId: string, key: string): CanvasProblem | null {
  if (!isCanvasRecordId(recordId)) return 'bad_record_id'
  return topLevelChecks.has(key) || entryKeyPattern.test(key) ? null : 'unknown_field'
}

/** Whether `key` may be set to `value` in the record `recordId`. */
export function checkCanvasField(recordId: string, key: string, value: unknown): CanvasProblem | null {
  const keyProblem = checkCanvasKey(recordId, key)
  if (keyProblem) return keyProblem
  const check = topLevelChecks.get(key)
  if (check) return check(value, recordId)
  if (!isPlainJson(value, 0)) return 'not_plain_json'
  return JSON.stringify(value).length > MAX_CANVAS_VALUE_CHARS ? 'too_large' : null
}

/**
 * Null, booleans, finite numbers, strings, arrays and plain objects of them: what JSON round-trips.
 * Not bigints, binary data, class instances or Y types. Undefined only as an object's property, which
 * JSON leaves out (tldraw's optional props, e.g. an image crop's `isCircle`).
 */
function isPlainJson(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (typeof value !== 'object' || depth >= MAX_JSON_DEPTH) return false
  if (Array.isArray(value)) return value.every((item) => isPlainJson(item, depth + 1))
  const prototype: unknown = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null) return false
  return Object.values(value).every((item) => item === undefined || isPlainJson(item, depth + 1))
}
