import { describe, expect, it } from 'vitest'
import { createBoardDoc } from '../doc.ts'
import { addGoal, isAgreed, missingSmartParts, selectGoals, setConsent, updateGoal } from './goal.ts'

function onlyGoal(doc: ReturnType<typeof createBoardDoc>) {
  const [goal] = selectGoals(doc)
  if (!goal) throw new Error('expected a goal')
  return goal
}

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
})
