import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { canvasMap, createBoardDoc } from '../doc.ts'
import { selectBoard } from '../store.ts'
import { addGoal, removeGoal } from './goal.ts'
import {
  addExperiment,
  addPlan,
  chooseExperiment,
  clearExperiment,
  experimentGaps,
  removePlan,
  selectExperiment,
  selectPlans,
  updatePlan,
} from './plan.ts'

/** A tldraw record as the canvas binding stores it: flat fields, props as `props.<key>`. */
function putRecord(doc: BoardDoc, id: string, fields: Record<string, unknown>) {
  const typeName = id.startsWith('binding:') ? 'binding' : 'shape'
  canvasMap(doc).set(id, new Y.Map(Object.entries({ id, typeName, ...fields })))
}

// Each read of the clock is a millisecond later, so which record was added first is well defined.
beforeEach(() => {
  let now = 1_700_000_000_000
  vi.spyOn(boardClock, 'now').mockImplementation(() => now++)
})
afterEach(() => {
  vi.restoreAllMocks()
})

describe('if-then plans', () => {
  it('keeps the condition, the action, who owns it and the goal it supports', () => {
    const doc = createBoardDoc()
    const goalId = addGoal(doc, { title: 'Calm evenings' })
    const id = addPlan(doc, {
      condition: 'Stress is 7 or more at 6pm',
      action: 'Ten minutes of breathing together',
      owner: 'both',
      goalId,
    })
    expect(selectPlans(doc)).toEqual([
      {
        id,
        condition: 'Stress is 7 or more at 6pm',
        action: 'Ten minutes of breathing together',
        owner: 'both',
        goalId,
        reviewDate: '',
        experimentOfWeek: false,
        chosenAt: 0,
        createdAt: expect.any(Number),
      },
    ])
    updatePlan(doc, id, { owner: 'partnerB', action: 'Five minutes of breathing, then a walk' })
    expect(selectPlans(doc)[0]).toMatchObject({
      owner: 'partnerB',
      action: 'Five minutes of breathing, then a walk',
    })
    expect(selectBoard(doc).plans).toEqual(selectPlans(doc))
  })

  it('starts empty when placed from the canvas, and lists plans oldest first', () => {
    const doc = createBoardDoc()
    const first = addPlan(doc)
    const second = addPlan(doc, { condition: 'We raise our voices' })
    expect(selectPlans(doc).map((plan) => plan.id)).toEqual([first, second])
    expect(selectPlans(doc)[0]).toMatchObject({ condition: '', action: '', owner: '', goalId: '' })
  })

  it('stays when its goal is removed, supporting no goal', () => {
    const doc = createBoardDoc()
    const goalId = addGoal(doc, { title: 'Calm evenings' })
    const other = addGoal(doc, { title: 'Sunday walks' })
    const calm = addPlan(doc, { condition: 'Stress at 7', action: 'Breathe', goalId })
    const walk = addPlan(doc, { condition: 'It rains', action: 'Walk in the mall', goalId: other })
    removeGoal(doc, goalId)
    expect(selectPlans(doc).map((plan) => [plan.id, plan.goalId])).toEqual([
      [calm, ''],
      [walk, other],
    ])
  })

  it('reads a goal removed by someone else at the same moment as no goal', () => {
    const one = createBoardDoc()
    const goalId = addGoal(one, { title: 'Calm evenings' })
    const two = createBoardDoc()
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one))
    removeGoal(one, goalId)
    addPlan(two, { condition: 'Stress at 7', action: 'Breathe', goalId })
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two))
    expect(selectPlans(one)[0]?.goalId).toBe('')
  })

  it('takes its if-then shapes off the canvas when removed, with their bindings', () => {
    const doc = createBoardDoc()
    const planId = addPlan(doc, { condition: 'Stress at 7', action: 'Breathe' })
    const otherPlan = addPlan(doc, { condition: 'It rains', action: 'Walk in the mall' })
    putRecord(doc, 'shape:plan', { type: 'if-then', 'props.planId': planId, 'props.w': 280 })
    putRecord(doc, 'shape:other', { type: 'if-then', 'props.planId': otherPlan })
    putRecord(doc, 'shape:unset', { type: 'if-then', 'props.planId': '' })
    putRecord(doc, 'shape:arrow', { type: 'arrow' })
    putRecord(doc, 'binding:end', { type: 'arrow', fromId: 'shape:arrow', toId: 'shape:plan' })
    putRecord(doc, 'binding:start', { type: 'arrow', fromId: 'shape:arrow', toId: 'shape:other' })
    removePlan(doc, planId)
    removePlan(doc, '')
    expect(selectPlans(doc).map((plan) => plan.id)).toEqual([otherPlan])
    expect([...canvasMap(doc).keys()].sort()).toEqual([
      'binding:start',
      'shape:arrow',
      'shape:other',
      'shape:unset',
    ])
  })

  it('keeps a review date, and reads anything but YYYY-MM-DD as none', () => {
    const doc = createBoardDoc()
    const id = addPlan(doc, { condition: 'Stress at 7', action: 'Breathe', reviewDate: '2026-11-29' })
    expect(selectPlans(doc)[0]?.reviewDate).toBe('2026-11-29')
    updatePlan(doc, id, { reviewDate: 'next Sunday' })
    expect(selectPlans(doc)[0]?.reviewDate).toBe('')
  })
})

describe('the experiment of the week', () => {
  it('is exactly one plan: choosing another takes the choice off the first', () => {
    const doc = createBoardDoc()
    const breathe = addPlan(doc, { condition: 'Stress is 7 or more at 6 pm', action: 'Breathe together' })
    const walk = addPlan(doc, { condition: 'It rains on Saturday', action: 'Walk in the mall' })
    expect(selectExperiment(doc)).toBeNull()
    chooseExperiment(doc, breathe)
    expect(selectExperiment(doc)?.id).toBe(breathe)
    chooseExperiment(doc, walk)
    expect(selectExperiment(doc)?.id).toBe(walk)
    expect(
      selectPlans(doc)
        .filter((plan) => plan.experimentOfWeek)
        .map((plan) => plan.id),
    ).toEqual([walk])
    chooseExperiment(doc, 'plan_gone')
    expect(selectExperiment(doc)?.id).toBe(walk)
    clearExperiment(doc)
    expect(selectExperiment(doc)).toBeNull()
  })

  it('can be written new from a card and chosen in one step, and says what it still lacks', () => {
    const doc = createBoardDoc()
    const old = addPlan(doc, { condition: 'We raise our voices', action: 'Pause' })
    chooseExperiment(doc, old)
    const id = addExperiment(doc, { condition: '', action: 'Ten minutes of breathing together' })
    expect(selectExperiment(doc)?.id).toBe(id)
    expect(selectPlans(doc).filter((plan) => plan.experimentOfWeek)).toHaveLength(1)
    expect(experimentGaps(selectExperiment(doc)!)).toEqual(['condition', 'owner', 'reviewDate'])
    updatePlan(doc, id, { condition: 'Stress is 7 or more at 6 pm', owner: 'both', reviewDate: '2026-11-29' })
    expect(experimentGaps(selectExperiment(doc)!)).toEqual([])
  })

  it('settles on the later choice when two people choose at the same moment', () => {
    const one = createBoardDoc()
    const breathe = addPlan(one, { condition: 'Stress at 7', action: 'Breathe' })
    const walk = addPlan(one, { condition: 'It rains', action: 'Walk in the mall' })
    const two = createBoardDoc()
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one))
    chooseExperiment(one, breathe)
    chooseExperiment(two, walk)
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two))
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one))
    // Both flags survive the merge; everyone reads the same, newest one.
    expect(selectPlans(one).filter((plan) => plan.experimentOfWeek)).toHaveLength(2)
    expect(selectExperiment(one)?.id).toBe(walk)
    expect(selectExperiment(two)?.id).toBe(walk)
    // The next choice leaves exactly one again.
    chooseExperiment(two, breathe)
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two))
    expect(
      selectPlans(one)
        .filter((plan) => plan.experimentOfWeek)
        .map((plan) => plan.id),
    ).toEqual([breathe])
  })
})
