import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { WritePath } from '../rules/writeRules.ts'
import { checkWrite, classifyWrite } from '../rules/writeRules.ts'
import { MAX_CANVAS_VALUE_CHARS, canvasRecord } from './canvas.ts'

/** What the server answers to a canvas field written with a value, read from the canvas descriptor. */
const checkCanvasField = (recordId: string, key: string, value: unknown) =>
  checkCanvasKey(recordId, key) ?? checkWrite(at(recordId, key), 'insert', { kind: 'plain', value })
/** Whether the key may be written at all, whatever the value. */
const checkCanvasKey = (recordId: string, key: string) =>
  checkWrite(at(recordId, key), 'delete', undefined) ??
  (classifyWrite(at(recordId, key)) === null ? 'unknown_field' : null)
const at = (recordId: string, key: string): WritePath => ({ root: 'canvas', keys: [recordId, key] })
const isCanvasRecordId = (recordId: string) => canvasRecord.idPattern.test(recordId)

const shape = 'shape:Vw3_k-9xQp'
const binding = 'binding:a1B2c3'

describe('what the canvas accepts', () => {
  it('takes the fields of a tldraw shape in the flat encoding', () => {
    const fields: Record<string, unknown> = {
      id: shape,
      typeName: 'shape',
      type: 'goal-card',
      x: 120.5,
      y: -40,
      rotation: 0,
      opacity: 1,
      isLocked: false,
      index: 'a1',
      parentId: 'page:page',
      'props.w': 300,
      'props.h': 380,
      'props.goalId': 'goal_abc',
      'props.richText': {
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hi' }] }],
      },
      'props.dash': 'draw',
      'props.points': [{ x: 0, y: 0, z: 0.5 }],
      'props.url': null,
      'meta.created_for': 'week-3',
    }
    for (const [key, value] of Object.entries(fields))
      expect([key, checkCanvasField(shape, key, value)]).toEqual([key, null])
  })

  it('takes the fields of a binding', () => {
    expect(checkCanvasField(binding, 'id', binding)).toBeNull()
    expect(checkCanvasField(binding, 'typeName', 'binding')).toBeNull()
    expect(checkCanvasField(binding, 'type', 'arrow')).toBeNull()
    expect(checkCanvasField(binding, 'fromId', 'shape:arrow1')).toBeNull()
    expect(checkCanvasField(binding, 'toId', 'shape:card1')).toBeNull()
    expect(checkCanvasField(binding, 'props.normalizedAnchor', { x: 0.5, y: 0.5 })).toBeNull()
    expect(checkCanvasField(binding, 'props.terminal', 'end')).toBeNull()
  })

  it('refuses record ids that are not tldraw shape or binding ids', () => {
    for (const id of [
      'page:page',
      'shape:',
      'shape:has space',
      'shape:' + 'x'.repeat(65),
      'goal_1',
      'SHAPE:x',
      'shape:a/b',
    ]) {
      expect([id, isCanvasRecordId(id)]).toEqual([id, false])
      expect(checkCanvasField(id, 'x', 1)).toBe('bad_record_id')
    }
    expect(isCanvasRecordId('shape:' + 'x'.repeat(64))).toBe(true)
  })

  it('refuses an id or a type name that does not match the record', () => {
    expect(checkCanvasField(shape, 'id', 'shape:other')).toBe('id_mismatch')
    expect(checkCanvasField(shape, 'id', 42)).toBe('id_mismatch')
    expect(checkCanvasField(shape, 'typeName', 'binding')).toBe('id_mismatch')
    expect(checkCanvasField(binding, 'typeName', 'shape')).toBe('id_mismatch')
    expect(checkCanvasField(shape, 'typeName', 'page')).toBe('id_mismatch')
  })

  it('refuses values of the wrong type or size', () => {
    expect(checkCanvasField(shape, 'x', 'left')).toBe('not_a_number')
    expect(checkCanvasField(shape, 'y', Number.NaN)).toBe('not_a_number')
    expect(checkCanvasField(shape, 'rotation', Number.POSITIVE_INFINITY)).toBe('not_a_number')
    expect(checkCanvasField(shape, 'opacity', '1')).toBe('not_a_number')
    expect(checkCanvasField(shape, 'isLocked', 'yes')).toBe('not_a_boolean')
    expect(checkCanvasField(shape, 'type', 7)).toBe('not_a_string')
    expect(checkCanvasField(shape, 'type', '')).toBe('too_short')
    expect(checkCanvasField(shape, 'type', 'g'.repeat(65))).toBe('too_long')
    expect(checkCanvasField(shape, 'parentId', 'p'.repeat(129))).toBe('too_long')
    expect(checkCanvasField(shape, 'index', { a: 1 })).toBe('not_a_string')
  })

  it('refuses prop and meta values that are not plain JSON, or too large', () => {
    expect(checkCanvasField(shape, 'props.w', undefined)).toBe('not_plain_json')
    expect(checkCanvasField(shape, 'props.w', Number.NaN)).toBe('not_plain_json')
    expect(checkCanvasField(shape, 'props.data', new Uint8Array([1, 2]))).toBe('not_plain_json')
    expect(checkCanvasField(shape, 'props.big', 10n)).toBe('not_plain_json')
    expect(checkCanvasField(shape, 'props.map', new Y.Map())).toBe('not_plain_json')
    expect(checkCanvasField(shape, 'meta.when', new Date())).toBe('not_plain_json')
    expect(checkCanvasField(shape, 'props.list', [1, undefined])).toBe('not_plain_json')
    // An optional property left undefined is what JSON leaves out: fine.
    expect(checkCanvasField(shape, 'props.crop', { topLeft: { x: 0, y: 0 }, isCircle: undefined })).toBeNull()
    let deep: unknown = 'bottom'
    for (let i = 0; i < 100; i++) deep = [deep]
    expect(checkCanvasField(shape, 'props.deep', deep)).toBe('not_plain_json')
    expect(checkCanvasField(shape, 'props.text', 'x'.repeat(MAX_CANVAS_VALUE_CHARS - 2))).toBeNull()
    expect(checkCanvasField(shape, 'props.text', 'x'.repeat(MAX_CANVAS_VALUE_CHARS))).toBe('too_large')
  })

  it('refuses keys outside the encoding, whatever the value', () => {
    for (const key of [
      'createdBy',
      'props',
      'props.',
      'props.a.b',
      'props.a-b',
      'style.color',
      'constructor',
      '__proto__',
      'meta.' + 'm'.repeat(65),
    ]) {
      expect([key, checkCanvasKey(shape, key)]).toEqual([key, 'unknown_field'])
      expect([key, checkCanvasField(shape, key, 1)]).toEqual([key, 'unknown_field'])
    }
    expect(checkCanvasKey(shape, 'meta.' + 'm'.repeat(64))).toBeNull()
    expect(checkCanvasKey('nope', 'x')).toBe('bad_record_id')
  })
})
