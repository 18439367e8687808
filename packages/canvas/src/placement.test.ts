import {
  LOCAL_ORIGIN,
  addGoal,
  canvasMap,
  checkValue,
  createBoardDoc,
  createUndo,
  fieldRuleFor,
  recordFor,
  removeGoal,
} from '@session-board/board'
import type { BoardDoc } from '@session-board/board'
import type { TLParentId, TLShape, TLShapeId } from '@tldraw/tlschema'
import type { IndexKey } from '@tldraw/utils'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decodeRecord, encodeRecord } from './layout.ts'
import {
  PLACEMENT_ORIGIN,
  addGoalWithCard,
  createGoalCardPlacer,
  goalCardId,
  goalCardSlots,
  placeGoalCards,
} from './placement.ts'
import type { PageBox } from './placement.ts'
import { GOAL_CARD, createCanvasSchema, defaultShapeSize } from './shapes.ts'

const schema = createCanvasSchema()

interface ShapeInput {
  id: string
  type: string
  x?: number
  y?: number
  parentId?: string
  props?: Record<string, unknown>
}

function putShape(doc: BoardDoc, shape: ShapeInput) {
  const record = {
    typeName: 'shape',
    x: 0,
    y: 0,
    rotation: 0,
    index: 'a1' as IndexKey,
    parentId: 'page:page' as TLParentId,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {},
    ...shape,
  } as unknown as TLShape
  doc.transact(() => {
    canvasMap(doc).set(shape.id, new Y.Map(Object.entries(encodeRecord(record))))
  }, LOCAL_ORIGIN)
}

function shapes(doc: BoardDoc): TLShape[] {
  const found: TLShape[] = []
  canvasMap(doc).forEach((fields) => {
    const record = decodeRecord((fields as Y.Map<unknown>).toJSON() as Record<string, unknown>)
    if (record?.typeName === 'shape') found.push(record)
  })
  return found
}

function goalCards(doc: BoardDoc) {
  return shapes(doc).filter((shape) => shape.type === GOAL_CARD) as (TLShape & {
    props: { goalId: string; w: number; h: number }
  })[]
}

function box(shape: TLShape & { props: { w: number; h: number } }): PageBox {
  return { x: shape.x, y: shape.y, w: shape.props.w, h: shape.props.h }
}

const overlaps = (a: PageBox, b: PageBox) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

describe('placing the couple’s goals on the canvas', () => {
  it('gives every goal a card with an id made from the goal’s, valid for tldraw and the server', () => {
    const doc = createBoardDoc()
    const goals = ['Evening walk', 'Phones away at meals', 'Sunday plans'].map((title) =>
      addGoal(doc, { title }),
    )
    const placed = placeGoalCards(doc)
    expect(placed.sort()).toEqual(goals.map((goalId) => `shape:goal-${goalId}`).sort())
    expectValidCards(doc)
  })

  it('keeps an odd or long goal id inside the record id the server takes', () => {
    for (const goalId of ['goal with spaces', 'g'.repeat(80), 'ünï']) {
      const id = goalCardId(goalId)
      expect(id).toMatch(recordFor('canvas')!.idPattern)
      expect(goalCardId(goalId)).toBe(id)
    }
    expect(goalCardId('x'.repeat(80))).not.toBe(goalCardId('y'.repeat(80)))
  })

  it('lays new cards out in a grid right of what is on the canvas, overlapping nothing', () => {
    const doc = createBoardDoc()
    putShape(doc, {
      id: 'shape:frame',
      type: 'frame',
      x: 100,
      y: 50,
      props: { w: 800, h: 500, name: 'Ours' },
    })
    putShape(doc, { id: 'shape:note', type: 'geo', x: -200, y: 700, props: { w: 300, h: 300 } })
    // A card inside the frame: its position is the frame's plus its own.
    const inFrame = addGoal(doc, { title: 'Already placed' })
    putShape(doc, {
      id: 'shape:old-random-id',
      type: GOAL_CARD,
      parentId: 'shape:frame',
      x: 40,
      y: 60,
      props: { w: 300, h: 380, goalId: inFrame },
    })
    for (const title of ['One', 'Two', 'Three', 'Four', 'Five']) addGoal(doc, { title })

    const placed = placeGoalCards(doc)
    expect(placed).toHaveLength(5)
    const cards = goalCards(doc).filter((card) => placed.includes(card.id as TLShapeId))
    const existing: PageBox[] = [
      { x: 100, y: 50, w: 800, h: 500 },
      { x: -200, y: 700, w: 300, h: 300 },
    ]
    for (const card of cards) {
      expect(card.x).toBeGreaterThanOrEqual(900)
      for (const other of existing) expect(overlaps(box(card), other)).toBe(false)
      for (const other of cards) if (other !== card) expect(overlaps(box(card), box(other))).toBe(false)
    }
    // A tidy grid: rows and columns on shared lines, top-aligned with the content.
    expect(new Set(cards.map((card) => card.x)).size).toBe(3)
    expect(new Set(cards.map((card) => card.y)).size).toBe(2)
    expect(Math.min(...cards.map((card) => card.y))).toBe(50)
    // Drawn above what was there.
    for (const card of cards) expect(card.index > 'a1').toBe(true)
  })

  it('only adds cards: a moved card stays put, and a card whose goal is gone stays for a person to remove', () => {
    const doc = createBoardDoc()
    const goalId = addGoal(doc, { title: 'Evening walk' })
    placeGoalCards(doc)
    const card = canvasMap(doc).get(goalCardId(goalId)) as Y.Map<unknown>
    doc.transact(() => card.set('x', 1234), LOCAL_ORIGIN)
    putShape(doc, { id: 'shape:orphan', type: GOAL_CARD, props: { w: 300, h: 380, goalId: 'goal_gone' } })
    const before = Y.encodeStateVector(doc)
    expect(placeGoalCards(doc)).toEqual([])
    expect(Y.encodeStateVector(doc)).toEqual(before)
    expect(goalCards(doc).map((shape) => [shape.id, shape.x])).toEqual(
      expect.arrayContaining([
        [goalCardId(goalId), 1234],
        ['shape:orphan', 0],
      ]),
    )
  })

  it('leaves a goal alone that has a card under another id, and a goal card not yet pointed at a goal', () => {
    const doc = createBoardDoc()
    const goalId = addGoal(doc, { title: 'Evening walk' })
    putShape(doc, { id: 'shape:legacy', type: GOAL_CARD, props: { w: 300, h: 380, goalId } })
    putShape(doc, { id: 'shape:blank', type: GOAL_CARD, x: 400, props: { w: 300, h: 380, goalId: '' } })
    expect(placeGoalCards(doc)).toEqual([])
    expect(
      goalCards(doc)
        .map((shape) => shape.id)
        .sort(),
    ).toEqual(['shape:blank', 'shape:legacy'])
  })

  it('places only the goals it is given', () => {
    const doc = createBoardDoc()
    const [first, second] = ['Evening walk', 'Sunday plans'].map((title) => addGoal(doc, { title }))
    expect(placeGoalCards(doc, [second!])).toEqual([goalCardId(second!)])
    expect(goalCards(doc).map((card) => card.props.goalId)).toEqual([second])
    expect(canvasMap(doc).has(goalCardId(first!))).toBe(false)
  })

  it('the same board on two devices places the same records: one card per goal after they meet', () => {
    const first = createBoardDoc()
    putShape(first, { id: 'shape:note', type: 'geo', x: 0, y: 0, props: { w: 300, h: 300 } })
    const goals = ['Evening walk', 'Sunday plans'].map((title) => addGoal(first, { title }))
    const second = createBoardDoc()
    Y.applyUpdate(second, Y.encodeStateAsUpdate(first))
    expect(placeGoalCards(second).sort()).toEqual(placeGoalCards(first).sort())
    const expected = goalCards(first)
    Y.applyUpdate(first, Y.encodeStateAsUpdate(second))
    Y.applyUpdate(second, Y.encodeStateAsUpdate(first))
    for (const doc of [first, second]) {
      expect(
        goalCards(doc)
          .map((card) => card.props.goalId)
          .sort(),
      ).toEqual([...goals].sort())
      expect(goalCards(doc).sort(byId)).toEqual(expected.sort(byId))
    }
  })

  it('is no one’s change to undo', () => {
    const doc = createBoardDoc()
    const undo = createUndo(doc, { role: 'therapist', captureTimeout: 0 })
    const origins: unknown[] = []
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin))
    Y.applyUpdate(doc, goalWrittenElsewhere('Evening walk'), 'remote')
    placeGoalCards(doc)
    expect(origins).toEqual(['remote', PLACEMENT_ORIGIN])
    expect(undo.canUndo()).toBe(false)
    undo.destroy()
  })

  it('places no card for a removed goal: its card leaves with it', () => {
    const doc = createBoardDoc()
    const keep = addGoal(doc, { title: 'Keep' })
    const gone = addGoal(doc, { title: 'Gone' })
    placeGoalCards(doc)
    removeGoal(doc, gone)
    expect(placeGoalCards(doc)).toEqual([])
    expect(goalCards(doc).map((card) => card.props.goalId)).toEqual([keep])
  })

  it('starts at the page’s origin on an empty canvas, the same for the same inputs', () => {
    expect(goalCardSlots(null, 1)).toEqual([{ x: 0, y: 0 }])
    expect(goalCardSlots({ x: 10, y: 20, w: 100, h: 50 }, 4)).toEqual(
      goalCardSlots({ x: 10, y: 20, w: 100, h: 50 }, 4),
    )
    expect(goalCardSlots({ x: 10, y: 20, w: 100, h: 50 }, 4)).toEqual([
      { x: 190, y: 20 },
      { x: 530, y: 20 },
      { x: 190, y: 440 },
      { x: 530, y: 440 },
    ])
  })
})

describe('the therapist’s board placing cards for goals that have none', () => {
  it('places each goal once while the board is open: a card someone takes off is not put straight back', () => {
    const doc = createBoardDoc()
    const goalId = addGoal(doc, { title: 'Written before the canvas placed goals' })
    const placer = createGoalCardPlacer(doc)
    expect(placer.placeNewGoals()).toEqual([goalCardId(goalId)])
    doc.transact(() => canvasMap(doc).delete(goalCardId(goalId)), LOCAL_ORIGIN)
    expect(placer.placeNewGoals()).toEqual([])
    expect(goalCards(doc)).toEqual([])
    // Opening the board again shows every goal.
    expect(createGoalCardPlacer(doc).placeNewGoals()).toEqual([goalCardId(goalId)])
  })

  it('places nothing for a goal that came with its card', () => {
    const doc = createBoardDoc()
    const placer = createGoalCardPlacer(doc)
    addGoalWithCard(doc, { title: 'Written in the list' })
    const before = Y.encodeStateVector(doc)
    expect(placer.placeNewGoals()).toEqual([])
    expect(Y.encodeStateVector(doc)).toEqual(before)
  })
})

describe('a goal written outside the canvas', () => {
  it('comes with its card in one step, right of what is there, valid for tldraw and the server', () => {
    const doc = createBoardDoc()
    putShape(doc, { id: 'shape:note', type: 'geo', x: 0, y: 0, props: { w: 300, h: 300 } })
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    const goalId = addGoalWithCard(doc, { title: 'Saturday breakfast, phones away' })
    expect(updates).toHaveLength(1)
    const [card] = goalCards(doc)
    expect(card).toMatchObject({ id: goalCardId(goalId), x: 380, y: 0, props: { goalId } })
    expect(card!.index > 'a1').toBe(true)
    expectValidCards(doc)
  })

  it('is its writer’s one step to undo, card and all, and redo brings both back', () => {
    const doc = createBoardDoc()
    const undo = createUndo(doc, { role: 'partnerB', captureTimeout: 0 })
    const goalId = addGoalWithCard(doc, { title: 'Saturday breakfast, phones away' })
    undo.undo()
    expect(doc.getMap('goals').size).toBe(0)
    expect(goalCards(doc)).toEqual([])
    expect(undo.canUndo()).toBe(false)
    undo.redo()
    expect(doc.getMap('goals').has(goalId)).toBe(true)
    expect(goalCards(doc).map((card) => card.id)).toEqual([goalCardId(goalId)])
    undo.destroy()
  })
})

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1)

/** The update of a goal written on another board, in the list, before goals came with their cards. */
function goalWrittenElsewhere(title: string): Uint8Array {
  const elsewhere = createBoardDoc()
  addGoal(elsewhere, { title })
  return Y.encodeStateAsUpdate(elsewhere)
}

function expectValidCards(doc: BoardDoc) {
  const canvasRule = recordFor('canvas')!
  for (const card of goalCards(doc)) {
    expect(card.id).toBe(goalCardId(card.props.goalId))
    expect(card.props).toMatchObject(defaultShapeSize[GOAL_CARD])
    expect(() => schema.types.shape.validate(card)).not.toThrow()
    expect(canvasRule.idPattern.test(card.id)).toBe(true)
    const fields = (canvasMap(doc).get(card.id) as Y.Map<unknown>).toJSON() as Record<string, unknown>
    for (const [key, value] of Object.entries(fields)) {
      const rule = fieldRuleFor(canvasRule, key)
      expect(rule, key).toBeDefined()
      expect(checkValue(rule!.value, value, card.id), key).toBeNull()
    }
  }
}
