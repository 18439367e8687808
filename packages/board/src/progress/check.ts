import type { FieldSpec, ValueProblem } from '../schema/fields.ts'
import { checkValue } from '../schema/fields.ts'

/**
 * Why a metric or an entry is refused: the field, and a sentence for the person who sent it. The
 * sentence names limits but never quotes what was sent: titles, notes and responses are a couple's
 * own words, and refusals reach logs.
 */
export interface ProgressProblem {
  field: string
  reason: string
}

/** A field of a progress record: a value spec, or the fields of a nested object. */
export interface ProgressField {
  spec: FieldSpec | ProgressFields
  optional?: boolean
}
export type ProgressFields = Readonly<Record<string, ProgressField>>

export const required = (spec: FieldSpec | ProgressFields): ProgressField => ({ spec })
export const optional = (spec: FieldSpec | ProgressFields): ProgressField => ({ spec, optional: true })

export const refuse = (field: string, reason: string): ProgressProblem => ({ field, reason })

/** Null when `value` has exactly these fields and each fits its spec; otherwise the first problem. */
export function checkFields(fields: ProgressFields, value: unknown, path: string): ProgressProblem | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse(path, `${path} must be an object.`)
  }
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(fields, key)) return refuse(path, `${path} holds a field it should not have.`)
  }
  for (const [key, field] of Object.entries(fields)) {
    const item = (value as Record<string, unknown>)[key]
    const name = `${path}.${key}`
    if (item === undefined) {
      if (field.optional) continue
      return refuse(name, `${name} is missing.`)
    }
    const problem = isFieldSpec(field.spec)
      ? describe(name, field.spec, checkValue(field.spec, item, ''))
      : checkFields(field.spec, item, name)
    if (problem) return problem
  }
  return null
}

function isFieldSpec(spec: FieldSpec | ProgressFields): spec is FieldSpec {
  return typeof spec.kind === 'string'
}

function describe(name: string, spec: FieldSpec, problem: ValueProblem | null): ProgressProblem | null {
  if (!problem) return null
  return refuse(name, `${name} ${phrase(spec, problem)}.`)
}

function phrase(spec: FieldSpec, problem: ValueProblem): string {
  switch (problem) {
    case 'not_a_string':
      return 'must be text'
    case 'too_long':
      return spec.kind === 'text' ? `must be at most ${spec.max} characters` : 'is too long'
    case 'too_short':
      return 'must not be empty'
    case 'bad_format':
      return 'is not in the expected format'
    case 'not_allowed':
      return spec.kind === 'oneOf' ? `must be one of ${spec.values.join(', ')}` : 'is not allowed'
    case 'not_a_number':
      return 'must be a number'
    case 'not_an_integer':
      return 'must be a whole number'
    case 'out_of_range':
      return spec.kind === 'number' ? `must be from ${spec.min} to ${spec.max}` : 'is out of range'
    default:
      return 'is not valid'
  }
}
