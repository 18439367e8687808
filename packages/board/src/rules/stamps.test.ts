import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { canvasMap, createBoardDoc, recordAt, stepsMap } from '../doc.ts'
import { addGoal } from '../records/goal.ts'
import { addStep } from '../records/step.ts'
import type { Author } from './stamps.ts'
import { readAuthor } from './stamps.ts'
import { stampRecord } from './writeRules.ts'

const partnerB: Author = { id: 'person-b', role: 'partnerB' }

describe('server stamps', () => {
  it('stamps a step the author created, and leaves canvas records unstamped', () => {
    const doc = createBoardDoc()
    const stepId = addStep(doc, addGoal(doc, { title: 'Evening walk' }), 'Pick a route')
    canvasMap(doc).set('shape:card', new Y.Map<unknown>([['x', 1]]))
    stampRecord(doc, { root: 'steps', recordId: stepId }, partnerB, true)
    stampRecord(doc, { root: 'canvas', recordId: 'shape:card' }, partnerB, true)
    expect(readAuthor(recordAt(stepsMap(doc), stepId)?.get('createdBy'))).toEqual(partnerB)
    expect(readAuthor(recordAt(stepsMap(doc), stepId)?.get('updatedBy'))).toEqual(partnerB)
    expect(recordAt(canvasMap(doc), 'shape:card')?.toJSON()).toEqual({ x: 1 })
  })
})
