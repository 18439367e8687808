import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { canvasMap, createBoardDoc, mutate } from '../doc.ts'
import { addCard, moveCard, rateCard } from '../records/card.ts'
import { addGoal, setConsent, updateGoal } from '../records/goal.ts'
import { addProposal } from '../records/grid.ts'
import { addPlan } from '../records/plan.ts'
import { addStep, updateStep } from '../records/step.ts'
import { MAX_BOARD_BYTES } from './fields.ts'

const words = (count: number, salt = 0) =>
  Array.from(
    { length: count },
    (_, i) => ['walk', 'talk', 'dinner', 'evening', 'phone', 'kindly'][(i + salt) % 6],
  ).join(' ')

describe('the board quota', () => {
  it('leaves a heavy sixteen-week board room to spare', () => {
    const doc = createBoardDoc()
    for (let g = 0; g < 40; g++) {
      const goalId = addGoal(doc, {
        title: words(12),
        specific: words(40),
        measurable: words(25),
        achievable: words(25),
        relevant: words(25),
        transparent: words(25),
        startDate: '2026-01-05',
        reviewDate: '2026-02-05',
      })
      for (let s = 0; s < 4; s++) {
        const stepId = addStep(doc, goalId, words(8))
        for (let week = 0; week < 16; week++)
          updateStep(doc, stepId, { sinceDone: words(10, week), sinceNext: words(8, week) })
      }
      for (let edit = 0; edit < 30; edit++) updateGoal(doc, goalId, { specific: words(40, edit) })
      setConsent(doc, goalId, 'partnerA', true)
    }
    for (let p = 0; p < 60; p++) addPlan(doc, { condition: words(15), action: words(20) })
    for (let c = 0; c < 240; c++) {
      const cardId = addCard(doc, { text: words(20), column: 'keep' })
      moveCard(doc, cardId, 'stop', 0)
      rateCard(doc, cardId, 'partnerA', 'effort', 5)
    }
    for (let p = 0; p < 30; p++) addProposal(doc, words(10))
    const points = Array.from({ length: 150 }, (_, k) => ({ x: k, y: k * 2, z: 0.5 }))
    mutate(doc, () => {
      for (let i = 0; i < 300; i++) {
        const id = `shape:drawing${i}`
        const fields = { id, typeName: 'shape', type: 'draw', x: i, y: i, index: 'a1', parentId: 'page:page' }
        canvasMap(doc).set(
          id,
          new Y.Map(Object.entries({ ...fields, 'props.segments': [{ type: 'free', points }] })),
        )
      }
    })
    for (let move = 0; move < 2000; move++) {
      mutate(doc, () => (canvasMap(doc).get(`shape:drawing${move % 300}`) as Y.Map<unknown>).set('x', move))
    }
    const bytes = Y.encodeStateAsUpdate(doc).byteLength
    expect(bytes).toBeGreaterThan(1_000_000)
    expect(bytes * 3).toBeLessThan(MAX_BOARD_BYTES)
  })
})
