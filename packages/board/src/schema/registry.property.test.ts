import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { WritePath } from '../rules/writeRules.ts'
import { checkWrite, classifyWrite } from '../rules/writeRules.ts'
import type { FieldRule, RecordDescriptor } from './descriptor.ts'
import type { FieldSpec } from './fields.ts'
import { BOARD_RECORDS, fieldRuleFor } from './registry.ts'

/**
 * Generated from the descriptors themselves: for every field of every record, values that fit are
 * accepted and values that do not are refused, by the same check the server runs on every update.
 */

const notPlain = fc.constantFrom<unknown>(
  new Uint8Array([1]),
  new Date(0),
  Number.NaN,
  undefined,
  10n,
  new Map(),
)
const otherThan = (kind: 'string' | 'number' | 'boolean' | 'object'): fc.Arbitrary<unknown> => {
  const options: fc.Arbitrary<unknown>[] = [fc.constant(null), fc.constant([1, 2])]
  if (kind !== 'string') options.push(fc.string({ maxLength: 8 }))
  if (kind !== 'number') options.push(fc.integer())
  if (kind !== 'boolean') options.push(fc.boolean())
  if (kind !== 'object') options.push(fc.constant({ nested: true }))
  return fc.oneof(...options)
}

function valid(spec: FieldSpec, recordId: string): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case 'text': {
      const text = spec.pattern
        ? fc.stringMatching(spec.pattern)
        : fc.string({ minLength: spec.min ?? 0, maxLength: Math.min(spec.max, 400) })
      return text.filter((value) => value.length <= spec.max && value.length >= (spec.min ?? 0))
    }
    case 'oneOf':
      return fc.constantFrom(...spec.values)
    case 'number':
      return spec.integer
        ? fc.integer({ min: spec.min, max: spec.max })
        : fc.double({ min: spec.min, max: spec.max, noNaN: true, noDefaultInfinity: true })
    case 'boolean':
      return fc.boolean()
    case 'nullable':
      return fc.option(valid(spec.of, recordId), { nil: null })
    case 'object':
      return fc.record(
        Object.fromEntries(Object.entries(spec.fields).map(([key, field]) => [key, valid(field, recordId)])),
      )
    case 'list':
      return fc.array(valid(spec.of, recordId), { maxLength: Math.min(spec.max, 4) })
    case 'dictionary':
      return fc.dictionary(fc.stringMatching(spec.key), valid(spec.of, recordId), {
        maxKeys: Math.min(spec.max, 3),
      })
    case 'json':
      return fc.jsonValue({ maxDepth: 3 }).filter((value) => JSON.stringify(value).length <= spec.maxChars)
    case 'recordId':
      return fc.constant(recordId)
    case 'idPrefix':
      return fc.constant(recordId.slice(0, recordId.indexOf(':')))
  }
}

function invalid(spec: FieldSpec, recordId: string): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case 'text': {
      const tooLong = fc.string({ minLength: 1, maxLength: 20 }).map((tail) => 'x'.repeat(spec.max) + tail)
      const options = [otherThan('string'), tooLong]
      if (spec.pattern) options.push(fc.string().filter((value) => !spec.pattern?.test(value)))
      if ((spec.min ?? 0) > 0) options.push(fc.constant(''))
      return fc.oneof(...options)
    }
    case 'oneOf':
      return fc.oneof(
        fc.string().filter((value) => !spec.values.includes(value)),
        fc.integer(),
        fc.constant({ value: spec.values[0] }),
      )
    case 'number': {
      const options = [
        otherThan('number'),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
      ]
      if (spec.max < Number.MAX_VALUE)
        options.push(fc.double({ min: spec.max, noNaN: true }).filter((v) => v > spec.max))
      if (spec.min > -Number.MAX_VALUE)
        options.push(fc.double({ max: spec.min, noNaN: true }).filter((v) => v < spec.min))
      if (spec.integer)
        options.push(fc.integer({ min: spec.min, max: spec.max - 1 }).map((value) => value + 0.5))
      return fc.oneof(...options)
    }
    case 'boolean':
      return otherThan('boolean')
    case 'nullable':
      return invalid(spec.of, recordId).filter((value) => value !== null)
    case 'object': {
      const keys = Object.keys(spec.fields)
      const good = valid(spec, recordId) as fc.Arbitrary<Record<string, unknown>>
      return fc.oneof(
        otherThan('object').filter((value) => !Array.isArray(value) || value.length > 0),
        good.map((value) => ({ ...value, unexpected: 1 })),
        fc.tuple(good, fc.constantFrom(...keys)).map(([value, key]) => {
          const { [key]: _dropped, ...rest } = value
          return rest
        }),
        fc
          .constantFrom(...keys)
          .chain((key) => fc.tuple(good, fc.constant(key), invalid(spec.fields[key] as FieldSpec, recordId)))
          .map(([value, key, bad]) => ({ ...value, [key]: bad })),
      )
    }
    case 'list':
      return fc.oneof(
        otherThan('object').filter((value) => !Array.isArray(value)),
        fc
          .tuple(fc.array(valid(spec.of, recordId), { maxLength: 2 }), invalid(spec.of, recordId))
          .map(([items, bad]) => [...items, bad]),
        valid(spec.of, recordId).map((item) => Array.from({ length: spec.max + 1 }, () => item)),
      )
    case 'dictionary':
      return fc.oneof(
        fc.constant([] as unknown),
        fc
          .string()
          .filter((key) => !spec.key.test(key))
          .map((key) => ({ [key]: null })),
        fc
          .tuple(fc.stringMatching(spec.key), invalid(spec.of, recordId))
          .map(([key, bad]) => ({ [key]: bad })),
      )
    case 'json':
      return fc.oneof(
        notPlain,
        fc.constant([Number.NaN]),
        fc.constant({ deep: new Uint8Array(2) }),
        fc.constant('x'.repeat(spec.maxChars + 1)),
      )
    case 'recordId':
    case 'idPrefix':
      return fc.string().filter((value) => value !== recordId && value !== recordId.split(':')[0])
  }
}

/** Keys of a rule: its own name, or keys its pattern matches that no other rule claims first. */
function keysOf(record: RecordDescriptor, rule: FieldRule): fc.Arbitrary<string> {
  if (typeof rule.key === 'string') return fc.constant(rule.key)
  return fc.stringMatching(rule.key).filter((key) => fieldRuleFor(record, key) === rule)
}

function pathsOf(record: RecordDescriptor, rule: FieldRule): fc.Arbitrary<WritePath> {
  const ids = record.shape === 'collection' ? fc.stringMatching(record.idPattern) : fc.constant(null)
  return fc.tuple(ids, keysOf(record, rule)).map(([id, key]) => ({
    root: record.root,
    keys: id === null ? [key] : [id, key],
  }))
}

const recordIdOf = (path: WritePath) => (path.keys.length === 2 ? (path.keys[0] as string) : '')

describe('every field of every record, from the registry', () => {
  const fields = BOARD_RECORDS.flatMap((record) => record.fields.map((rule) => ({ record, rule })))

  it('has fields to check', () => {
    expect(fields.length).toBeGreaterThan(80)
  })

  for (const { record, rule } of fields) {
    const name = `${record.root}.${String(rule.key)}`

    it(`${name}: accepts what fits`, () => {
      fc.assert(
        fc.property(
          pathsOf(record, rule).chain((path) =>
            fc.tuple(fc.constant(path), valid(rule.value, recordIdOf(path))),
          ),
          ([path, value]) => {
            expect(classifyWrite(path)).not.toBeNull()
            expect(checkWrite(path, 'insert', { kind: 'plain', value })).toBeNull()
          },
        ),
        { seed: 1207, numRuns: 40 },
      )
    })

    it(`${name}: refuses what does not`, () => {
      fc.assert(
        fc.property(
          pathsOf(record, rule).chain((path) =>
            fc.tuple(fc.constant(path), invalid(rule.value, recordIdOf(path))),
          ),
          ([path, value]) => {
            expect(checkWrite(path, 'insert', { kind: 'plain', value })).not.toBeNull()
          },
        ),
        { seed: 1207, numRuns: 40 },
      )
    })
  }

  it('refuses a nested type or anything but a plain value in any field, and a record that is not a map', () => {
    for (const { record, rule } of fields) {
      const path = fc.sample(pathsOf(record, rule), { seed: 7, numRuns: 1 })[0] as WritePath
      for (const kind of ['map', 'type', 'opaque'] as const) {
        expect([path, checkWrite(path, 'insert', { kind })]).not.toEqual([path, null])
      }
    }
    for (const record of BOARD_RECORDS.filter((candidate) => candidate.shape === 'collection')) {
      const [id] = fc.sample(fc.stringMatching(record.idPattern), { seed: 7, numRuns: 1 }) as [string]
      expect(checkWrite({ root: record.root, keys: [id] }, 'insert', { kind: 'plain', value: 'x' })).toBe(
        'not_a_record',
      )
      expect(checkWrite({ root: record.root, keys: [id] }, 'insert', { kind: 'map' })).toBeNull()
    }
  })
})
