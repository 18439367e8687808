// The canvas records a couple's program draws, as tldraw makes them and the canvas binding stores them
// (flat fields, `encodeRecord`): the board's goal card, tldraw's sticky note, and tldraw's arrow with
// the two bindings that tie its ends to the shapes it was drawn between.
import { GOAL_CARD, defaultShapeSize, encodeRecord } from '@session-board/canvas'
import type { GoalCardShape } from '@session-board/canvas'
import type {
  TLArrowBinding,
  TLArrowShape,
  TLBindingId,
  TLNoteShape,
  TLPageId,
  TLShapeId,
} from '@tldraw/tlschema'
import type { IndexKey } from '@tldraw/utils'
import { richText } from '../canvas/shapes.ts'

/** A canvas record's fields as the binding stores them; values are plain JSON. */
export type Fields = Record<string, unknown>

/** Where a shape sits on the page, and its place in tldraw's drawing order. */
export interface Placement {
  x: number
  y: number
  index: IndexKey
}

export const noteSize = 200

const shapeBase = (id: string, { x, y, index }: Placement) => ({
  id: id as TLShapeId,
  typeName: 'shape' as const,
  x,
  y,
  rotation: 0,
  index,
  parentId: 'page:page' as TLPageId,
  isLocked: false,
  opacity: 1,
  meta: {},
})

/** A goal's card; its `goalId` is filled in by whoever writes it, once the goal has its id. */
export function goalCardFields(id: string, at: Placement): Fields {
  const card: GoalCardShape = {
    ...shapeBase(id, at),
    type: GOAL_CARD,
    props: { ...defaultShapeSize[GOAL_CARD], goalId: '' },
  }
  return encodeRecord(card)
}

export function noteFields(id: string, at: Placement, text: string): Fields {
  const note: TLNoteShape = {
    ...shapeBase(id, at),
    type: 'note',
    props: {
      color: 'yellow',
      labelColor: 'black',
      size: 'm',
      font: 'draw',
      fontSizeAdjustment: 0,
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      richText: richText(text),
      scale: 1,
    },
  }
  return encodeRecord(note)
}

/** An arrow from one shape to another: its record and its two bindings, written together. */
export function arrowRecords(
  id: string,
  at: Placement,
  end: { x: number; y: number },
  fromShape: string,
  toShape: string,
): { id: string; fields: Fields }[] {
  const arrow: TLArrowShape = {
    ...shapeBase(id, at),
    type: 'arrow',
    props: {
      kind: 'arc',
      labelColor: 'black',
      color: 'black',
      fill: 'none',
      dash: 'draw',
      size: 'm',
      arrowheadStart: 'none',
      arrowheadEnd: 'arrow',
      font: 'draw',
      start: { x: 0, y: 0 },
      end,
      bend: 0,
      text: '',
      labelPosition: 0.5,
      scale: 1,
      elbowMidPoint: 0.5,
    },
  }
  const binding = (terminal: 'start' | 'end', shape: string): TLArrowBinding => ({
    id: `binding:${id.slice('shape:'.length)}-${terminal}` as TLBindingId,
    typeName: 'binding',
    type: 'arrow',
    fromId: arrow.id,
    toId: shape as TLShapeId,
    props: {
      terminal,
      normalizedAnchor: { x: 0.5, y: 0.5 },
      isExact: false,
      isPrecise: false,
      snap: 'none',
    },
    meta: {},
  })
  return [arrow, binding('start', fromShape), binding('end', toShape)].map((record) => ({
    id: record.id,
    fields: encodeRecord(record),
  }))
}

/** A note's new text, as the binding writes an edit of it. */
export const noteText = (text: string): Fields => ({ 'props.richText': richText(text) })
