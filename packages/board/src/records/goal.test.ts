import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { canvasMap, createBoardDoc } from '../doc.ts'
import {
  addGoal,
  isAgreed,
  missingSmartParts,
  removeGoal,
  selectGoals,
  setConsent,
  updateGoal,
} from './goal.ts'
import { addPlan, selectPlans } from './plan.ts'
import { addStep, selectSteps } from './step.ts'

/** A tldraw record as the canvas binding stores it: flat fields, props as `props.<key>`. */
function putRecord(doc: BoardDoc, id: string, fields: Record<string, unknown>) {
  const typeName = id.startsWith('binding:') ? 'binding' : 'shape'
  canvasMap(doc).set(id, new Y.Map(Object.entries({ id, typeName, ...fields })))
}

function onlyGoal(doc: ReturnType<typeof createBoardDoc>) {
  const [goal] = selectGoals(doc)
  if (!goal) throw new Error('expected a goal')
  return goal
}

// Each read of the clock is a millisecond later, so which record was added first is well defined.
beforeEach(() => {
  let now = 1_700_000_000_000
  vi.spyOn(boardClock, 'now').mockImplementation(() => now++)
})
afterEach(() => {
  vi.restoreAllMocks()
})

describe('goals', () => {
  it('keeps the SMART-for-Two fields a couple wrote', () => {
    const doc = createBoardDoc()
    addGoal(doc, { title: 'Evening walk', specific: 'Walk together after dinner', kind: 'life' })
    updateGoal(doc, onlyGoal(doc).id, { measurable: '3 walks a week', initiator: 'partnerA' })
    const goal = onlyGoal(doc)
    expect(goal).toMatchObject({
      title: 'Evening walk',
      specific: 'Walk together after dinner',
      measurable: '3 walks a week',
      initiator: 'partnerA',
      kind: 'life',
    })
    expect(missingSmartParts(goal)).toEqual(['achievable', 'relevant', 'timeBound', 'transparent', 'willing'])
  })

  it('is agreed only when both partners said yes to the current wording', () => {
    const doc = createBoardDoc()
    const id = addGoal(doc, { title: 'Ten-minute check-in' })
    setConsent(doc, id, 'partnerA', true)
    expect(isAgreed(onlyGoal(doc))).toBe(false)
    setConsent(doc, id, 'partnerB', true)
    expect(isAgreed(onlyGoal(doc))).toBe(true)
  })

  it('withdraws both consents visibly when the wording changes', () => {
    const doc = createBoardDoc()
    const id = addGoal(doc, { title: 'Ten-minute check-in' })
    setConsent(doc, id, 'partnerA', true)
    setConsent(doc, id, 'partnerB', true)
    updateGoal(doc, id, { title: 'Twenty-minute check-in' })
    const goal = onlyGoal(doc)
    expect(goal.willing).toEqual({ partnerA: false, partnerB: false })
    expect(goal.consentWithdrawn).toEqual({ partnerA: true, partnerB: true })
  })

  it('keeps consent when only the owner changes, since the words are the same', () => {
    const doc = createBoardDoc()
    const id = addGoal(doc, { title: 'Ten-minute check-in' })
    setConsent(doc, id, 'partnerA', true)
    setConsent(doc, id, 'partnerB', true)
    updateGoal(doc, id, { initiator: 'both' })
    expect(isAgreed(onlyGoal(doc))).toBe(true)
  })

  it('lets a partner take their consent back', () => {
    const doc = createBoardDoc()
    const id = addGoal(doc, { title: 'Ten-minute check-in' })
    setConsent(doc, id, 'partnerB', true)
    setConsent(doc, id, 'partnerB', false)
    expect(onlyGoal(doc).willing.partnerB).toBe(false)
    expect(onlyGoal(doc).consentWithdrawn.partnerB).toBe(false)
  })

  it('lists non-negotiable goals first, then every goal by when it was added', () => {
    const doc = createBoardDoc()
    const walk = addGoal(doc, { title: 'Evening walk' })
    const sober = addGoal(doc, { title: 'No alcohol at home', nonNegotiable: true, kind: 'therapy' })
    const cook = addGoal(doc, { title: 'Cook on Sundays' })
    const safe = addGoal(doc, { title: 'Time-out when voices rise' })
    expect(selectGoals(doc).map((goal) => goal.id)).toEqual([sober, walk, cook, safe])
    updateGoal(doc, safe, { nonNegotiable: true })
    expect(selectGoals(doc).map((goal) => goal.id)).toEqual([sober, safe, walk, cook])
    updateGoal(doc, sober, { nonNegotiable: false })
    expect(selectGoals(doc).map((goal) => [goal.id, goal.nonNegotiable])).toEqual([
      [safe, true],
      [walk, false],
      [sober, false],
      [cook, false],
    ])
    expect(selectGoals(doc).find((goal) => goal.id === sober)?.kind).toBe('therapy')
  })

  it('removes a goal with its steps, its canvas shapes and their bindings, and frees its plans', () => {
    const doc = createBoardDoc()
    const goalId = addGoal(doc, { title: 'Evening walk' })
    const other = addGoal(doc, { title: 'Cook on Sundays' })
    addStep(doc, goalId, 'Pick a route')
    addStep(doc, goalId, 'Walk on Sunday')
    addStep(doc, other, 'Buy groceries together')
    const plan = addPlan(doc, { condition: 'It rains', action: 'Walk in the mall', goalId })
    const otherPlan = addPlan(doc, { condition: 'We are tired', action: 'Cook pasta', goalId: other })
    putRecord(doc, 'shape:card', { type: 'goal-card', 'props.goalId': goalId, 'props.w': 300 })
    putRecord(doc, 'shape:stones', { type: 'stepping-stones', 'props.goalId': goalId })
    putRecord(doc, 'shape:inside', { type: 'text', parentId: 'shape:card' })
    putRecord(doc, 'shape:otherCard', { type: 'goal-card', 'props.goalId': other })
    putRecord(doc, 'shape:arrow', { type: 'arrow', parentId: 'page:page' })
    putRecord(doc, 'binding:toCard', { type: 'arrow', fromId: 'shape:arrow', toId: 'shape:card' })
    putRecord(doc, 'binding:toOther', { type: 'arrow', fromId: 'shape:arrow', toId: 'shape:otherCard' })
    putRecord(doc, 'binding:fromInside', { type: 'arrow', fromId: 'shape:inside', toId: 'shape:arrow' })

    let transactions = 0
    doc.on('afterTransaction', () => transactions++)
    removeGoal(doc, goalId)
    expect(transactions).toBe(1)

    expect(selectGoals(doc).map((goal) => goal.id)).toEqual([other])
    expect(selectSteps(doc, goalId)).toEqual([])
    expect(selectSteps(doc, other).map((step) => step.title)).toEqual(['Buy groceries together'])
    expect(selectPlans(doc).map((p) => [p.id, p.goalId])).toEqual([
      [plan, ''],
      [otherPlan, other],
    ])
    expect([...canvasMap(doc).keys()].sort()).toEqual(['binding:toOther', 'shape:arrow', 'shape:otherCard'])
  })
})
