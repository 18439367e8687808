import { LOCAL_ORIGIN, addGoal, selectGoals } from '@session-board/board'
import type { BoardDoc, GoalInput } from '@session-board/board'
import type { TLParentId, TLShapeId } from '@tldraw/tlschema'
import type { IndexKey } from '@tldraw/utils'
import { generateNKeysBetween } from 'fractional-indexing'
import * as Y from 'yjs'
import { canvasMap, decodeRecord, encodeRecord } from './layout.ts'
import type { GoalCardShape } from './shapes.ts'
import { GOAL_CARD, defaultShapeSize } from './shapeTypes.ts'

/**
 * Origin of the cards the therapist's board places for goals that have none. Not the local origin: no
 * person made them, so no person's undo takes them away (undo follows the local origin only).
 */
export const PLACEMENT_ORIGIN = Symbol('session-board/canvas-placement')

/** A rectangle in page units. */
export interface PageBox {
  x: number
  y: number
  w: number
  h: number
}

const PAGE_ID = 'page:page' as TLParentId
const GAP = 40

/**
 * The record id of a goal's card. The same on every device, so a card placed twice for one goal (the
 * therapist's board open on two devices) is one record. The server takes up to 64 letters, digits, `_`
 * or `-` after `shape:`.
 */
export function goalCardId(goalId: string): TLShapeId {
  if (/^[A-Za-z0-9_-]{1,59}$/.test(goalId)) return `shape:goal-${goalId}` as TLShapeId
  return `shape:goal-h${fingerprint(goalId)}` as TLShapeId
}

/**
 * Adds a goal and its card on the canvas in one step, the person's own: everyone gets both at once (no
 * board ever sees the goal without its card, so none places another), and one undo takes both back. The
 * card goes right of everything on the canvas. For goals written outside the canvas, such as the list.
 */
export function addGoalWithCard(doc: BoardDoc, input: GoalInput): string {
  let goalId = ''
  doc.transact(() => {
    goalId = addGoal(doc, input)
    writeGoalCards(doc, [goalId])
  }, LOCAL_ORIGIN)
  return goalId
}

/**
 * Puts a card on the canvas for each of `goalIds` (every goal by default) that has none, whatever its id
 * or place. It only adds cards, never moves or removes one. The cards go in a grid right of everything,
 * computed from the document alone, so two devices with the same board place a goal's card identically.
 * Returns the cards placed.
 */
export function placeGoalCards(doc: BoardDoc, goalIds?: Iterable<string>): TLShapeId[] {
  const canvas = canvasMap(doc)
  const shown = new Set<string>()
  for (const shape of readShapes(canvas).values()) {
    if (shape.type === GOAL_CARD && shape.goalId !== '') shown.add(shape.goalId)
  }
  const wanted = goalIds ? new Set(goalIds) : null
  const missing = selectGoals(doc)
    .map((goal) => goal.id)
    .filter(
      (goalId) => (wanted?.has(goalId) ?? true) && !shown.has(goalId) && !canvas.has(goalCardId(goalId)),
    )
  if (missing.length === 0) return []
  let placed: TLShapeId[] = []
  doc.transact(() => {
    placed = writeGoalCards(doc, missing)
  }, PLACEMENT_ORIGIN)
  return placed
}

export interface GoalCardPlacer {
  /** Places cards for the goals it has not looked at yet that have none; returns the cards placed. */
  placeNewGoals(): TLShapeId[]
}

/**
 * What the therapist's board runs, and no other: a card for every goal that has none (goals written
 * before the canvas placed them). One board alone writes such cards, so no two boards write one at once
 * and none moves a card someone already sees; every other goal comes with its card. Each goal is looked
 * at once while the board is open, so a card a person takes off is not put straight back.
 */
export function createGoalCardPlacer(doc: BoardDoc): GoalCardPlacer {
  const lookedAt = new Set<string>()
  return {
    placeNewGoals() {
      const fresh = selectGoals(doc)
        .map((goal) => goal.id)
        .filter((goalId) => !lookedAt.has(goalId))
      for (const goalId of fresh) lookedAt.add(goalId)
      return fresh.length > 0 ? placeGoalCards(doc, fresh) : []
    },
  }
}

/** Writes cards for the goals in a grid right of everything on the canvas, drawn above it. */
function writeGoalCards(doc: BoardDoc, goalIds: string[]): TLShapeId[] {
  const canvas = canvasMap(doc)
  const shapes = readShapes(canvas)
  const onCanvas = [...shapes.values()]
  const slots = goalCardSlots(commonBox(onCanvas.map((shape) => pageBox(shape, shapes))), goalIds.length)
  const indices = indicesAbove(onCanvas, goalIds.length)
  const cards: GoalCardShape[] = goalIds.map((goalId, i) => ({
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
  for (const card of cards) canvas.set(card.id, new Y.Map(Object.entries(encodeRecord(card))))
  return cards.map((card) => card.id)
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
  // tldraw's indices are these fractional keys (tldraw jitters its own; any valid key will do).
  try {
    return generateNKeysBetween(top ?? null, null, count) as IndexKey[]
  } catch {
    // A peer left an index that is no index: start afresh rather than place nothing.
    return generateNKeysBetween(null, null, count) as IndexKey[]
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
