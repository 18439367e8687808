// The canvas every canvas figure uses: 300 shapes on a grid, drawn by a seeded generator so that types,
// places and labels are the same on every run (only tldraw's jittered fractional indices differ).
// Most are tldraw `geo` rectangles with a rich-text label; every fifth is the board's `goal-card`, which
// points at a goal record by id (filled in by whoever seeds the session, with the board's addGoal).
import type { GoalCardShape } from '@session-board/canvas'
import { GOAL_CARD } from '@session-board/canvas'
import type { TLGeoShape, TLPageId, TLShape, TLShapeId } from '@tldraw/tlschema'
import type { IndexKey } from '@tldraw/utils'
import { getIndices } from '@tldraw/utils'

export const SHAPE_COUNT = 300
/** Every n-th shape is a goal card. */
export const GOAL_CARD_EVERY = 5

const columns = 20
const cell = { w: 280, h: 220 }
const pageId = 'page:page' as TLPageId
const colors = ['black', 'blue', 'green', 'orange', 'red', 'violet'] as const
const words = ['weekly', 'walk', 'dinner', 'check-in', 'budget', 'calls', 'sleep', 'kids', 'chores', 'date']

export interface SeedShape {
  /** A goal card's `goalId` is '' until the seeder has added the goal and set it. */
  record: TLGeoShape | GoalCardShape
  /** The title of the goal a goal card shows; null for other shapes. */
  goalTitle: string | null
}

/** A small deterministic generator (mulberry32), so every run draws the same canvas and moves. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** tldraw's rich text for one paragraph of plain text, written out as its JSON. */
export function richText(text: string) {
  return { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] }
}

export function seedShapes(count = SHAPE_COUNT): SeedShape[] {
  const random = seededRandom(4)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const indices: IndexKey[] = getIndices(count)
  return Array.from({ length: count }, (_, i) => {
    const base = {
      id: `shape:bench-${String(i).padStart(3, '0')}` as TLShapeId,
      typeName: 'shape' as const,
      x: (i % columns) * cell.w,
      y: Math.floor(i / columns) * cell.h,
      rotation: 0,
      index: indices[i] as IndexKey,
      parentId: pageId,
      isLocked: false,
      opacity: 1,
      meta: {},
    }
    const phrase = `${pick(words)} ${pick(words)} ${pick(words)}`
    if (i % GOAL_CARD_EVERY === GOAL_CARD_EVERY - 1) {
      const goalTitle = `Goal ${Math.floor(i / GOAL_CARD_EVERY) + 1}: ${phrase}`
      const record: GoalCardShape = { ...base, type: GOAL_CARD, props: { w: 240, h: 180, goalId: '' } }
      return { record, goalTitle }
    }
    const record: TLGeoShape = {
      ...base,
      type: 'geo',
      props: {
        geo: 'rectangle',
        dash: 'draw',
        url: '',
        w: 220,
        h: 140,
        growY: 0,
        scale: 1,
        labelColor: 'black',
        color: pick(colors),
        fill: 'semi',
        size: 'm',
        font: 'draw',
        align: 'middle',
        verticalAlign: 'middle',
        richText: richText(`Priority ${i + 1}: ${phrase}`),
      },
    }
    return { record, goalTitle: null }
  })
}

/** The canvas records with each goal card pointed at its goal (`goalIds` by shape id). */
export function withGoalIds(shapes: SeedShape[], goalIds: ReadonlyMap<string, string>): TLShape[] {
  return shapes.map(({ record }) =>
    record.type === GOAL_CARD
      ? { ...record, props: { ...record.props, goalId: goalIds.get(record.id) ?? '' } }
      : record,
  )
}

/**
 * The same canvas for a bare tldraw page, which has no goal-card shape: each goal card becomes a geo
 * rectangle of its size labelled with the goal's title.
 */
export function bareTldrawShapes(shapes: SeedShape[]): TLGeoShape[] {
  return shapes.map(({ record, goalTitle }) => {
    if (record.type !== GOAL_CARD) return record
    const { props } = record
    return {
      ...record,
      type: 'geo',
      props: {
        geo: 'rectangle',
        dash: 'solid',
        url: '',
        w: props.w,
        h: props.h,
        growY: 0,
        scale: 1,
        labelColor: 'black',
        color: 'black',
        fill: 'solid',
        size: 's',
        font: 'sans',
        align: 'start',
        verticalAlign: 'start',
        richText: richText(goalTitle ?? ''),
      },
    }
  })
}
