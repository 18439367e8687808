/**
 * What a field of a record may hold, as data: the server checks every value an update writes against
 * it, and the property tests derive valid and invalid values from the same description. A check answers
 * null (fine) or a short problem code that never quotes the value: it goes to the audit trail.
 */
export type FieldSpec =
  | { kind: 'text'; max: number; min?: number; pattern?: RegExp }
  | { kind: 'oneOf'; values: readonly (string | null)[] }
  | { kind: 'number'; min: number; max: number; integer: boolean }
  | { kind: 'boolean' }
  | { kind: 'nullable'; of: FieldSpec }
  | { kind: 'object'; fields: Readonly<Record<string, FieldSpec>> }
  | { kind: 'list'; of: FieldSpec; max: number }
  | { kind: 'dictionary'; key: RegExp; of: FieldSpec; max: number }
  /** Plain JSON (what tldraw keeps in props and meta), at most `maxChars` once serialised. */
  | { kind: 'json'; maxChars: number }
  /** The id of the record the field is in (tldraw repeats it inside the record). */
  | { kind: 'recordId' }
  /** The part of the record's id before ':' (tldraw's `typeName`). */
  | { kind: 'idPrefix' }

export type ValueProblem =
  | 'not_a_string'
  | 'too_long'
  | 'too_short'
  | 'bad_format'
  | 'not_allowed'
  | 'not_a_number'
  | 'out_of_range'
  | 'not_an_integer'
  | 'not_a_boolean'
  | 'not_an_object'
  | 'unknown_field'
  | 'missing_field'
  | 'not_a_list'
  | 'too_many'
  | 'bad_key'
  | 'not_plain_json'
  | 'too_large'
  | 'id_mismatch'

/** Text fields: short ones (titles, names, labels) and longer ones (descriptions, notes on a step). */
export const SHORT_TEXT = 300
export const LONG_TEXT = 2000
/** Times on the board clock (milliseconds since 1970, fractional once corrected); 2200 is far enough. */
export const LATEST_TIME = Date.UTC(2200, 0, 1)
/** A day: no duration on the board (a huddle part, a turn, time added) comes near it. */
export const DAY_MS = 86_400_000
/** Plain JSON deeper than this is refused before it is measured (rich text nests a handful of levels). */
const MAX_JSON_DEPTH = 64

export const text = (max: number, options: { min?: number; pattern?: RegExp } = {}): FieldSpec => ({
  kind: 'text',
  max,
  ...options,
})
export const oneOf = (values: readonly (string | null)[]): FieldSpec => ({ kind: 'oneOf', values })
export const integer = (min: number, max: number): FieldSpec => ({ kind: 'number', min, max, integer: true })
export const decimal = (min: number, max: number): FieldSpec => ({ kind: 'number', min, max, integer: false })
export const boolean: FieldSpec = { kind: 'boolean' }
export const nullable = (of: FieldSpec): FieldSpec => ({ kind: 'nullable', of })
export const object = (fields: Record<string, FieldSpec>): FieldSpec => ({ kind: 'object', fields })
export const list = (of: FieldSpec, max: number): FieldSpec => ({ kind: 'list', of, max })
export const dictionary = (key: RegExp, of: FieldSpec, max: number): FieldSpec => ({
  kind: 'dictionary',
  key,
  of,
  max,
})
export const json = (maxChars: number): FieldSpec => ({ kind: 'json', maxChars })
export const recordId: FieldSpec = { kind: 'recordId' }
export const idPrefix: FieldSpec = { kind: 'idPrefix' }

/** A moment on the board clock. */
export const time = decimal(0, LATEST_TIME)
/** A length of time, from nothing to a day. */
export const duration = decimal(0, DAY_MS)
/** A calendar day, YYYY-MM-DD, or '' for none. */
export const isoDateOrEmpty = text(10, { pattern: /^(\d{4}-\d{2}-\d{2})?$/ })
/** A record id as the board makes them (`goal_…`), or '' for none. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
export const idOrEmpty = text(64, { pattern: /^[A-Za-z0-9_-]{0,64}$/ })
export const partner = oneOf(['partnerA', 'partnerB'])
/** Who a goal, plan or card belongs to: nobody yet, one partner, or both. */
export const owner = oneOf(['', 'partnerA', 'partnerB', 'both'])
/** The server's stamp of who wrote a record. */
export const author = object({
  id: text(64, { min: 1 }),
  role: oneOf(['therapist', 'partnerA', 'partnerB', 'observer']),
})

/** Whether `value` fits `spec` in the record `recordId`: null, or what is wrong. */
export function checkValue(spec: FieldSpec, value: unknown, recordId: string): ValueProblem | null {
  switch (spec.kind) {
    case 'text':
      if (typeof value !== 'string') return 'not_a_string'
      if (value.length > spec.max) return 'too_long'
      if (value.length < (spec.min ?? 0)) return 'too_short'
      return spec.pattern && !spec.pattern.test(value) ? 'bad_format' : null
    case 'oneOf':
      return spec.values.includes(value as string | null) ? null : 'not_allowed'
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'not_a_number'
      if (spec.integer && !Number.isInteger(value)) return 'not_an_integer'
      return value < spec.min || value > spec.max ? 'out_of_range' : null
    case 'boolean':
      return typeof value === 'boolean' ? null : 'not_a_boolean'
    case 'nullable':
      return value === null ? null : checkValue(spec.of, value, recordId)
    case 'object':
      return checkObject(spec.fields, value, recordId)
    case 'list': {
      if (!Array.isArray(value)) return 'not_a_list'
      if (value.length > spec.max) return 'too_many'
      for (const item of value) {
        const problem = checkValue(spec.of, item, recordId)
        if (problem) return problem
      }
      return null
    }
    case 'dictionary': {
      if (!isPlainObject(value)) return 'not_an_object'
      const entries = Object.entries(value)
      if (entries.length > spec.max) return 'too_many'
      for (const [key, item] of entries) {
        if (!spec.key.test(key)) return 'bad_key'
        const problem = checkValue(spec.of, item, recordId)
        if (problem) return problem
      }
      return null
    }
    case 'json':
      if (!isPlainJson(value, 0)) return 'not_plain_json'
      return JSON.stringify(value).length > spec.maxChars ? 'too_large' : null
    case 'recordId':
      return value === recordId ? null : 'id_mismatch'
    case 'idPrefix':
      return value === recordId.slice(0, recordId.indexOf(':')) ? null : 'id_mismatch'
  }
}

function checkObject(
  fields: Readonly<Record<string, FieldSpec>>,
  value: unknown,
  recordId: string,
): ValueProblem | null {
  if (!isPlainObject(value)) return 'not_an_object'
  for (const key of Object.keys(value)) if (!Object.hasOwn(fields, key)) return 'unknown_field'
  for (const [key, spec] of Object.entries(fields)) {
    if (!Object.hasOwn(value, key)) return 'missing_field'
    const problem = checkValue(spec, (value as Record<string, unknown>)[key], recordId)
    if (problem) return problem
  }
  return null
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
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
  if (!isPlainObject(value)) return false
  return Object.values(value).every((item) => item === undefined || isPlainJson(item, depth + 1))
}

/**
 * The most a board's document may hold, encoded. A heavy sixteen-week board (40 goals with every part
 * written and rewritten, 160 stepping stones updated weekly, 60 plans, 240 review cards, 30 proposals,
 * 300 freehand drawings moved 2,000 times) encodes to about 1.25 MB (quota.test.ts), most of it the
 * drawings; 4 MiB leaves three times that, and keeps what every joiner downloads small.
 */
export const MAX_BOARD_BYTES = 4 * 1024 * 1024
