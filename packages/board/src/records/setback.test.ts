import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { createBoardDoc } from '../doc.ts'
import { classifyWrite, mayWrite } from '../rules/writeRules.ts'
import { selectBoard } from '../store.ts'
import { createUndo } from '../undo.ts'
import { addGoal, selectGoals, setConsent } from './goal.ts'
import { selectPlans } from './plan.ts'
import { selectRoutines } from './routine.ts'
import {
  completeSetback,
  selectSetbacks,
  setbackHints,
  setbacksUpgrading,
  startSetbackReview,
  updateSetback,
} from './setback.ts'

beforeEach(() => {
  let now = 1_700_000_000_000
  vi.spyOn(boardClock, 'now').mockImplementation(() => now++)
})
afterEach(() => {
  vi.restoreAllMocks()
})

/** A review with its words written, ready to become an upgrade. */
function writtenReview(doc: BoardDoc, flagId?: string): string {
  const id = startSetbackReview(doc, { flagId })
  updateSetback(doc, id, {
    whatHappened: 'A late night out, then a hard talk at 1 a.m.',
    whatHelped: 'Taking the twenty-minute break we agreed',
    whatWeTry: 'Talk about plans before the evening starts',
    affirmation: 'We both came back to the table.',
    nextStep: 'Text a plan for Friday by noon',
  })
  return id
}

const onlySetback = (doc: BoardDoc) => {
  const [setback] = selectSetbacks(doc)
  if (!setback) throw new Error('expected a setback review')
  return setback
}

describe('setback reviews', () => {
  it('starts from a flag or from the couple page, open and with empty words', () => {
    const doc = createBoardDoc()
    const fromFlag = startSetbackReview(doc, { flagId: 'flag_123' })
    startSetbackReview(doc)
    const [first, second] = selectSetbacks(doc)
    expect(first).toMatchObject({ id: fromFlag, flagId: 'flag_123', status: 'open', upgradeKind: '' })
    expect(second).toMatchObject({ flagId: '', whatHappened: '', affirmation: '', completedAt: 0 })
    expect(selectBoard(doc).setbacks).toEqual(selectSetbacks(doc))
  })

  it('shows the same neutral-wording hints goals show, per field', () => {
    const hints = setbackHints({ whatHappened: 'You always come home late', whatHelped: 'A walk' })
    expect(hints.whatHappened.map((hint) => hint.match)).toEqual(['always'])
    expect(hints.whatHelped).toEqual([])
    expect(hints.nextStep).toEqual([])
  })

  it('refuses words too long to store, before anything is written', () => {
    const doc = createBoardDoc()
    const id = startSetbackReview(doc)
    expect(updateSetback(doc, id, { affirmation: 'x'.repeat(301) })).toEqual({
      field: 'setback.affirmation',
      reason: 'setback.affirmation must be at most 300 characters.',
    })
    expect(onlySetback(doc).affirmation).toBe('')
    expect(updateSetback(doc, 'setback_gone', { nextStep: 'Walk' })?.field).toBe('setback.id')
  })

  it('refuses to become an upgrade without one affirmation and one tiny next step, writing nothing', () => {
    const doc = createBoardDoc()
    const id = startSetbackReview(doc)
    updateSetback(doc, id, { whatHappened: 'A hard week', affirmation: '   ' })
    let updates = 0
    doc.on('update', () => updates++)
    const routine = { kind: 'routine', text: 'One goodnight, every night' } as const
    expect(completeSetback(doc, id, routine)).toEqual({
      field: 'setback.affirmation',
      reason: 'Write one affirmation before the review becomes a plan upgrade.',
    })
    updateSetback(doc, id, { affirmation: 'We kept talking.' })
    expect(completeSetback(doc, id, routine)?.field).toBe('setback.nextStep')
    expect(updates).toBe(1)
    expect(selectRoutines(doc)).toEqual([])
    expect(onlySetback(doc).status).toBe('open')
  })

  it('becomes a new if-then plan, linked both ways', () => {
    const doc = createBoardDoc()
    const id = writtenReview(doc, 'flag_9')
    const upgrade = {
      kind: 'ifThen',
      condition: 'we are out past ten',
      action: 'we text the plan home',
    } as const
    expect(completeSetback(doc, id, upgrade)).toBeNull()
    const [plan] = selectPlans(doc)
    expect(plan).toMatchObject({ condition: 'we are out past ten', action: 'we text the plan home' })
    const setback = onlySetback(doc)
    expect(setback).toMatchObject({ status: 'done', upgradeKind: 'ifThen', upgradeId: plan?.id })
    expect(setback.completedAt).toBeGreaterThan(setback.openedAt)
    expect(setbacksUpgrading(selectSetbacks(doc), plan!.id)).toEqual([setback])
    expect(completeSetback(doc, id, upgrade)?.field).toBe('setback.status')
  })

  it('becomes a changed goal through the goal update, which asks both partners again', () => {
    const doc = createBoardDoc()
    const goalId = addGoal(doc, { title: 'Go out together on Fridays' })
    setConsent(doc, goalId, 'partnerA', true)
    setConsent(doc, goalId, 'partnerB', true)
    const id = writtenReview(doc)
    expect(completeSetback(doc, id, { kind: 'goal', goalId, patch: {} })?.field).toBe('upgrade.patch')
    expect(
      completeSetback(doc, id, { kind: 'goal', goalId: 'goal_gone', patch: { title: 'x' } })?.field,
    ).toBe('upgrade.goalId')
    expect(completeSetback(doc, id, { kind: 'goal', goalId, patch: { title: 'x'.repeat(301) } })?.field).toBe(
      'upgrade.patch.title',
    )

    const patch = { title: 'Go out together on Fridays, home by eleven' }
    expect(completeSetback(doc, id, { kind: 'goal', goalId, patch })).toBeNull()
    const [goal] = selectGoals(doc)
    expect(goal?.title).toBe(patch.title)
    expect(goal?.consentWithdrawn).toEqual({ partnerA: true, partnerB: true })
    expect(onlySetback(doc)).toMatchObject({ upgradeKind: 'goal', upgradeId: goalId })
    expect(setbacksUpgrading(selectSetbacks(doc), goalId).map((setback) => setback.id)).toEqual([id])
  })

  it('becomes a minimum viable routine for a rough week, which names its review', () => {
    const doc = createBoardDoc()
    const id = writtenReview(doc)
    expect(completeSetback(doc, id, { kind: 'routine', text: ' ' })?.field).toBe('upgrade.text')
    expect(completeSetback(doc, id, { kind: 'routine', text: 'One walk, one goodnight' })).toBeNull()
    const [routine] = selectRoutines(doc)
    expect(routine).toMatchObject({ text: 'One walk, one goodnight', setbackId: id })
    expect(onlySetback(doc)).toMatchObject({ upgradeKind: 'routine', upgradeId: routine?.id })
    expect(selectBoard(doc).routines).toEqual([routine])
  })

  it("is undone as one step: the upgrade and the review's completion together", () => {
    const doc = createBoardDoc()
    const id = writtenReview(doc)
    const undo = createUndo(doc, { role: 'therapist', captureTimeout: 0 })
    completeSetback(doc, id, { kind: 'ifThen', condition: 'a craving comes', action: 'I call my sponsor' })
    expect(selectPlans(doc)).toHaveLength(1)
    undo.undo()
    expect(selectPlans(doc)).toEqual([])
    expect(onlySetback(doc)).toMatchObject({ status: 'open', upgradeKind: '', upgradeId: '' })
    undo.redo()
    expect(onlySetback(doc).status).toBe('done')
    undo.destroy()
  })

  it('is written by the therapist alone', () => {
    const add = classifyWrite({ root: 'setbacks', keys: ['setback_1'] })
    const words = classifyWrite({ root: 'setbacks', keys: ['setback_1', 'whatHappened'] })
    const routine = classifyWrite({ root: 'routines', keys: ['routine_1', 'text'] })
    for (const writeClass of [add, words, routine]) {
      expect(writeClass).toBe('therapist')
      expect(mayWrite(writeClass!, { role: 'therapist', sessionEnded: true })).toBe(true)
      expect(mayWrite(writeClass!, { role: 'partnerA', sessionEnded: false })).toBe(false)
    }
  })
})
