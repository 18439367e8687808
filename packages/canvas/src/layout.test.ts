import type { TLArrowBinding, TLParentId, TLShapeId } from '@tldraw/tlschema'
import type { IndexKey } from '@tldraw/utils'
import { describe, expect, it } from 'vitest'
import { decodeRecord, encodeRecord } from './layout.ts'
import type { CanvasRecord } from './layout.ts'
import { GOAL_CARD, createCanvasSchema } from './shapes.ts'
import type { GoalCardShape } from './shapes.ts'

const goalCard: GoalCardShape = {
  id: 'shape:card' as TLShapeId,
  typeName: 'shape',
  type: GOAL_CARD,
  x: 10,
  y: 20,
  rotation: 0,
  index: 'a1' as IndexKey,
  parentId: 'page:page' as TLParentId,
  isLocked: false,
  opacity: 1,
  props: { w: 300, h: 380, goalId: 'goal:1' },
  meta: { pinned: { by: 'therapist' } },
}

const arrowBinding: TLArrowBinding = {
  id: 'binding:link' as TLArrowBinding['id'],
  typeName: 'binding',
  type: 'arrow',
  fromId: 'shape:arrow' as TLShapeId,
  toId: 'shape:card' as TLShapeId,
  props: {
    terminal: 'end',
    normalizedAnchor: { x: 0.5, y: 0.5 },
    isExact: false,
    isPrecise: false,
    snap: 'none',
  },
  meta: {},
}

const schema = createCanvasSchema()
function validate(record: CanvasRecord) {
  return schema.types[record.typeName].validate(record)
}

describe('encodeRecord', () => {
  it('flattens props and meta into one key per field, values kept as plain JSON', () => {
    expect(encodeRecord(goalCard)).toEqual({
      id: 'shape:card',
      typeName: 'shape',
      type: GOAL_CARD,
      x: 10,
      y: 20,
      rotation: 0,
      index: 'a1',
      parentId: 'page:page',
      isLocked: false,
      opacity: 1,
      'props.w': 300,
      'props.h': 380,
      'props.goalId': 'goal:1',
      'meta.pinned': { by: 'therapist' },
    })
  })

  it('leaves undefined values out', () => {
    const fields = encodeRecord({
      ...goalCard,
      props: { ...goalCard.props, extra: undefined },
    } as CanvasRecord)
    expect(Object.keys(fields)).not.toContain('props.extra')
  })
})

describe('decodeRecord', () => {
  it('rebuilds shapes and bindings that the schema accepts', () => {
    for (const record of [goalCard, arrowBinding]) {
      const decoded = decodeRecord(encodeRecord(record))
      expect(decoded).toEqual(record)
      expect(validate(decoded!)).toEqual(record)
    }
  })

  it('ignores keys that are not fields of the record, such as the server stamps', () => {
    const fields = { ...encodeRecord(goalCard), createdBy: 'user:a', updatedBy: 'user:b', fromId: 'shape:x' }
    expect(decodeRecord(fields)).toEqual(goalCard)
  })

  it('gives back an empty props and meta when the record has none', () => {
    const group = { ...goalCard, type: 'group', props: {}, meta: {} } as CanvasRecord
    expect(decodeRecord(encodeRecord(group))).toEqual(group)
  })

  it('returns null for records that are not shapes or bindings', () => {
    expect(decodeRecord({ id: 'page:page', typeName: 'page', name: 'Page 1' })).toBeNull()
    expect(decodeRecord({ 'props.w': 1 })).toBeNull()
  })

  it('keeps a `__proto__` field as a plain key, which validation refuses', () => {
    const decoded = decodeRecord({ ...encodeRecord(goalCard), 'props.__proto__': { polluted: true } })!
    expect(Object.getPrototypeOf(decoded.props)).toBe(Object.prototype)
    expect(() => validate(decoded)).toThrow()
  })

  it('leaves wrong values for validation to refuse', () => {
    const decoded = decodeRecord({ ...encodeRecord(goalCard), x: 'left' })!
    expect(decoded).toMatchObject({ x: 'left' })
    expect(() => validate(decoded)).toThrow(/x/)
  })
})
