import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { canvasMap, createBoardDoc, mutate, recordAt } from './doc.ts'
import { addGoal, updateGoal } from './records/goal.ts'
import { createBoardStore } from './store.ts'

describe('the board store', () => {
  it('keeps its snapshot while only canvas records change, and renews it when a goal changes', () => {
    const doc = createBoardDoc()
    const store = createBoardStore(doc)
    let notified = 0
    const stop = store.subscribe(() => notified++)
    const goalId = addGoal(doc, { title: 'Walk' })
    const first = store.getSnapshot()
    expect(first.goals.map((goal) => goal.title)).toEqual(['Walk'])

    // A shape is added and then dragged: tldraw's business, not the snapshot's.
    mutate(doc, () => canvasMap(doc).set('shape:a', new Y.Map<unknown>([['x', 0]])))
    for (let x = 1; x <= 5; x++) mutate(doc, () => recordAt(canvasMap(doc), 'shape:a')!.set('x', x))
    mutate(doc, () => canvasMap(doc).delete('shape:a'))
    expect(store.getSnapshot()).toBe(first)
    const before = notified

    updateGoal(doc, goalId, { title: 'Walk together' })
    expect(notified).toBe(before + 1)
    expect(store.getSnapshot()).not.toBe(first)
    expect(store.getSnapshot().goals.map((goal) => goal.title)).toEqual(['Walk together'])
    stop()
  })

  it('shows a change made after the snapshot was read and before anyone subscribed', () => {
    const doc = createBoardDoc()
    const store = createBoardStore(doc)
    // React reads the snapshot while it renders and subscribes once it commits; the sync lands between.
    expect(store.getSnapshot().goals).toEqual([])
    addGoal(doc, { title: 'A calm evening routine' })
    let notified = 0
    const stop = store.subscribe(() => notified++)
    expect(store.getSnapshot().goals.map((goal) => goal.title)).toEqual(['A calm evening routine'])
    updateGoal(doc, store.getSnapshot().goals[0]!.id, { title: 'A calm evening together' })
    expect(notified).toBe(1)
    stop()
  })
})
