import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { BoardDoc } from '../doc.ts'
import { createBoardDoc } from '../doc.ts'
import { selectBoard } from '../store.ts'
import { addGoal } from './goal.ts'
import { addStep, moveStep, removeStep, selectSteps, selectStepsByGoal, updateStep } from './step.ts'

const titles = (doc: BoardDoc, goalId: string) => selectSteps(doc, goalId).map((step) => step.title)

function sync(one: BoardDoc, two: BoardDoc) {
  Y.applyUpdate(two, Y.encodeStateAsUpdate(one, Y.encodeStateVector(two)))
  Y.applyUpdate(one, Y.encodeStateAsUpdate(two, Y.encodeStateVector(one)))
}

describe('stepping stones', () => {
  it('appends each new step at the end of its own goal', () => {
    const doc = createBoardDoc()
    const walk = addGoal(doc, { title: 'Walk together' })
    const talk = addGoal(doc, { title: 'Talk without phones' })
    addStep(doc, walk, 'Pick a route')
    addStep(doc, talk, 'Phones in the basket at 8')
    addStep(doc, walk, 'Walk on Sunday')
    addStep(doc, walk, 'Walk twice this week')
    expect(titles(doc, walk)).toEqual(['Pick a route', 'Walk on Sunday', 'Walk twice this week'])
    expect(titles(doc, talk)).toEqual(['Phones in the basket at 8'])
  })

  it('starts planned, with an empty since-last-session entry, and keeps what was filled in', () => {
    const doc = createBoardDoc()
    const goalId = addGoal(doc, { title: 'Walk together' })
    const id = addStep(doc, goalId, 'Walk on Sunday')
    expect(selectSteps(doc, goalId)[0]).toMatchObject({
      id,
      goalId,
      status: 'planned',
      sinceDone: '',
      sinceWhyNot: '',
      sinceNext: '',
    })
    updateStep(doc, id, {
      status: 'done',
      sinceDone: 'Walked on Sunday morning',
      sinceNext: 'Add a Wednesday walk',
      title: 'Walk on Sunday morning',
    })
    updateStep(doc, id, { sinceWhyNot: '' })
    expect(selectSteps(doc, goalId)[0]).toMatchObject({
      title: 'Walk on Sunday morning',
      status: 'done',
      sinceDone: 'Walked on Sunday morning',
      sinceWhyNot: '',
      sinceNext: 'Add a Wednesday walk',
    })
  })

  it('moves a step within its goal and removes one', () => {
    const doc = createBoardDoc()
    const goalId = addGoal(doc, { title: 'Walk together' })
    const a = addStep(doc, goalId, 'a')
    addStep(doc, goalId, 'b')
    const c = addStep(doc, goalId, 'c')
    moveStep(doc, c, 0)
    expect(titles(doc, goalId)).toEqual(['c', 'a', 'b'])
    moveStep(doc, a, 2)
    expect(titles(doc, goalId)).toEqual(['c', 'b', 'a'])
    moveStep(doc, c, 99)
    expect(titles(doc, goalId)).toEqual(['b', 'a', 'c'])
    removeStep(doc, a)
    expect(titles(doc, goalId)).toEqual(['b', 'c'])
  })

  it('converges on one order when two people add a step at the same moment', () => {
    const one = createBoardDoc()
    const two = createBoardDoc()
    const goalId = addGoal(one, { title: 'Walk together' })
    addStep(one, goalId, 'first')
    sync(one, two)
    // Same neighbours on both sides, so both choose the same position: the id breaks the tie.
    addStep(one, goalId, 'from one')
    addStep(two, goalId, 'from two')
    sync(one, two)
    const order = titles(one, goalId)
    expect(order).toHaveLength(3)
    expect(order[0]).toBe('first')
    expect(titles(two, goalId)).toEqual(order)
    // A step moved between the two that share a position lands after both: no key lies between them.
    const mover = selectSteps(one, goalId)[0]!.id
    moveStep(one, mover, 1)
    sync(one, two)
    expect(titles(one, goalId)).toEqual([order[1], order[2], 'first'])
    expect(titles(two, goalId)).toEqual(titles(one, goalId))
  })

  it('lists the steps of every goal in the board snapshot', () => {
    const doc = createBoardDoc()
    const walk = addGoal(doc, { title: 'Walk together' })
    const talk = addGoal(doc, { title: 'Talk without phones' })
    addStep(doc, walk, 'Pick a route')
    addStep(doc, walk, 'Walk on Sunday')
    // A step whose goal is gone (added while someone removed the goal) belongs to no goal.
    addStep(doc, 'goal_gone', 'Orphan')
    expect(selectStepsByGoal(doc)).toEqual(selectBoard(doc).stepsByGoal)
    const byGoal = selectBoard(doc).stepsByGoal
    expect(Object.keys(byGoal).sort()).toEqual([walk, talk].sort())
    expect(byGoal[walk]?.map((step) => step.title)).toEqual(['Pick a route', 'Walk on Sunday'])
    expect(byGoal[talk]).toEqual([])
  })
})
