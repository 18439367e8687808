import { selectGoals } from '@session-board/board'
import type { BoardDoc } from '@session-board/board'
import type { TLParentId, TLShapeId } from '@tldraw/tlschema'
import type { IndexKey } from '@tldraw/utils'
import { getIndicesAbove } from '@tldraw/utils'
import * as Y from 'yjs'
import { canvasMap, decodeRecord, encodeRecord } from './layout.ts'
import { GOAL_CARD, defaultShapeSize } from './shapes.ts'
import type { GoalCardShape } from './shapes.ts'

/**
 * Origin of the cards the canvas places by itself. Not the local origin: no person made them, so no
 * person's undo takes them away (undo follows the local origin only).
 */
export const PLACEMENT_ORIGIN = Symbol('session-board/canvas-placement')

/** A rectangle in page units. */
export interface PageBox {
  x: number
  y: number
  w: number
  h: number
}

export interface GoalCardPlacement {
  /** Cards put on the canvas for goals that had none. */
  placed: TLShapeId[]
  /** Cards (and the bindings to them) whose goal is gone from the board. */
  removed: string[]
}

const PAGE_ID = 'page:page' as TLParentId
const GAP = 40

/**
 * The record id of a goal's card. The same on every device, so two people placing the card for one goal
 * at once write one record, not two. The server takes up to 64 letters, digits, `_` or `-` after `shape:`.
 */
export function goalCardId(goalId: string): TLShapeId {
  if (/^[A-Za-z0-9_-]{1,59}$/.test(goalId)) return `shape:goal-${goalId}` as TLShapeId
  return `shape:goal-h${fingerprint(goalId)}` as TLShapeId
}

/**
 * Gives every goal on the board a card on the canvas, in one transaction. A goal that has a card,
 * whatever its id or place, is left alone; the new cards go in a grid right of everything on the canvas
 * (and of `around`, the editor's own bounds of it, which know drawings and arrows exactly). Cards whose
 * goal was removed (an undone "add goal" leaves its placed card behind) are taken off. Idempotent.
 */
export function placeGoalCards(doc: BoardDoc, options: { around?: PageBox | null } = {}): GoalCardPlacement {
  const canvas = canvasMap(doc)
  const shapes = readShapes(canvas)
  const goalIds = new Set(selectGoals(doc).map((goal) => goal.id))
  const shown = new Set<string>()
  const removed: string[] = []
  for (const shape of shapes.values()) {
    if (shape.type !== GOAL_CARD || shape.goalId === '') continue
    if (goalIds.has(shape.goalId)) shown.add(shape.goalId)
    else removed.push(shape.id)
  }
  for (const [id, fields] of canvas) {
    if (!(fields instanceof Y.Map)) continue
    const ends = [fields.get('fromId'), fields.get('toId')]
    if (id.startsWith('binding:') && ends.some((end) => typeof end === 'string' && removed.includes(end))) {
      removed.push(id)
    }
  }
  const missing = [...goalIds].filter((goalId) => !shown.has(goalId) && !canvas.has(goalCardId(goalId)))
  if (missing.length + removed.length === 0) return { placed: [], removed }

  const kept = [...shapes.values()].filter((shape) => !removed.includes(shape.id))
  const boxes = kept.map((shape) => pageBox(shape, shapes))
  if (options.around) boxes.push(options.around)
  const slots = goalCardSlots(commonBox(boxes), missing.length)
  const indices = indicesAbove(kept, missing.length)
  const cards: GoalCardShape[] = missing.map((goalId, i) => ({
    id: goalCardId(goalId),
    typeName: 'shape',
    type: GOAL_CARD,
    x: slots[i]!.x,
    y: slots[i]!.y,
    rotation: 0,
    index: indices[i]!,
    parentId: PAGE_ID,
    isLocked: false,
    opacity: 1,
    props: { ...defaultShapeSize[GOAL_CARD], goalId },
    meta: {},
  }))
  doc.transact(() => {
    for (const id of removed) canvas.delete(id)
    for (const card of cards) canvas.set(card.id, new Y.Map(Object.entries(encodeRecord(card))))
  }, PLACEMENT_ORIGIN)
  return { placed: cards.map((card) => card.id), removed }
}

/**
 * Top-left corners for `count` goal cards: a near-square grid, row by row, starting right of `content`
 * (top-aligned with it), or at the page's origin on an empty canvas.
 */
export function goalCardSlots(content: PageBox | null, count: number): { x: number; y: number }[] {
  const { w, h } = defaultShapeSize[GOAL_CARD]
  const origin = content
    ? { x: Math.round(content.x + content.w + GAP * 2), y: Math.round(content.y) }
    : { x: 0, y: 0 }
  const columns = Math.max(1, Math.ceil(Math.sqrt(count)))
  return Array.from({ length: count }, (_, i) => ({
    x: origin.x + (i % columns) * (w + GAP),
    y: origin.y + Math.floor(i / columns) * (h + GAP),
  }))
}

interface StoredShape {
  id: string
  type: string
  parentId: string
  x: number
  y: number
  index: string
  goalId: string
  props: Record<string, unknown>
}

/** The shapes in the canvas map, read leniently: a field a peer left odd counts as 0 or ''. */
function readShapes(canvas: Y.Map<unknown>): Map<string, StoredShape> {
  const shapes = new Map<string, StoredShape>()
  for (const [id, fields] of canvas) {
    if (!(fields instanceof Y.Map)) continue
    const record = decodeRecord(fields.toJSON() as Record<string, unknown>)
    if (record?.typeName !== 'shape') continue
    const raw = record as unknown as Record<string, unknown>
    const props = (raw.props ?? {}) as Record<string, unknown>
    shapes.set(id, {
      id,
      type: String(raw.type ?? ''),
      parentId: String(raw.parentId ?? ''),
      x: finite(raw.x),
      y: finite(raw.y),
      index: typeof raw.index === 'string' ? raw.index : '',
      goalId: typeof props.goalId === 'string' ? props.goalId : '',
      props,
    })
  }
  return shapes
}

/** Where a shape sits on the page: its parents' offsets added up (rotation ignored: a rough fence). */
function pageBox(shape: StoredShape, shapes: Map<string, StoredShape>): PageBox {
  let x = shape.x
  let y = shape.y
  let parent = shapes.get(shape.parentId)
  for (let depth = 0; parent && depth < 32; depth++) {
    x += parent.x
    y += parent.y
    parent = shapes.get(parent.parentId)
  }
  const points = [
    { x: 0, y: 0 },
    { x: finite(shape.props.w), y: finite(shape.props.h) },
  ]
  // Arrows and lines have no size, only ends.
  for (const end of [shape.props.start, shape.props.end]) {
    if (end && typeof end === 'object') {
      const point = end as Record<string, unknown>
      points.push({ x: finite(point.x), y: finite(point.y) })
    }
  }
  const xs = points.map((point) => point.x)
  const ys = points.map((point) => point.y)
  const minX = Math.min(...xs)
  const minY = Math.min(...ys)
  return { x: x + minX, y: y + minY, w: Math.max(...xs) - minX, h: Math.max(...ys) - minY }
}

function commonBox(boxes: PageBox[]): PageBox | null {
  if (boxes.length === 0) return null
  const minX = Math.min(...boxes.map((box) => box.x))
  const minY = Math.min(...boxes.map((box) => box.y))
  const maxX = Math.max(...boxes.map((box) => box.x + box.w))
  const maxY = Math.max(...boxes.map((box) => box.y + box.h))
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY }
}

/** Indices above every shape on the page, so new cards are drawn on top. */
function indicesAbove(shapes: StoredShape[], count: number): IndexKey[] {
  const top = shapes
    .filter((shape) => shape.parentId === PAGE_ID && shape.index !== '')
    .map((shape) => shape.index)
    .sort()
    .at(-1)
  try {
    return getIndicesAbove(top as IndexKey | undefined, count)
  } catch {
    // A peer left an index that is no index: start afresh rather than place nothing.
    return getIndicesAbove(undefined, count)
  }
}

function finite(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

/** FNV-1a of a goal id that does not fit a record id as it is. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(36)
}
