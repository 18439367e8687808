import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { BoardDoc } from './doc.ts'
import { canvasMap, createBoardDoc, goalsMap, LOCAL_ORIGIN, mutate, recordAt, recordEntries } from './doc.ts'
import { addCard, moveCard, removeCard, selectColumns } from './records/card.ts'
import { addGoal, removeGoal, selectGoals, setConsent, updateGoal } from './records/goal.ts'
import { addPlan, selectPlans } from './records/plan.ts'
import { addProposal, removeProposal, selectProposals } from './records/grid.ts'
import { addStep, removeStep, selectSteps } from './records/step.ts'
import type { Author } from './rules/stamps.ts'
import { stampRecord } from './rules/writeRules.ts'
import type { BoardRole, WritePath } from './rules/writeRules.ts'
import { checkWrite, classifyWrite, mayWrite } from './rules/writeRules.ts'
import { createUndo, isOwnChange, pathOf } from './undo.ts'

const REMOTE = 'remote'
const SERVER = 'server'

/** Sends each document's missing updates to the other, as the sync server would. */
function exchange(...docs: BoardDoc[]) {
  for (const from of docs) {
    for (const to of docs) {
      if (from === to) continue
      Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), REMOTE)
    }
  }
}

/** What the server's rules would see in the transactions `run` makes: each inserted and deleted path. */
function writesDuring(doc: BoardDoc, run: () => void): { inserted: WritePath[]; deleted: WritePath[] } {
  const inserted: WritePath[] = []
  const deleted: WritePath[] = []
  const onTransaction = (tr: Y.Transaction) => {
    for (const [client, after] of tr.afterState) {
      const before = tr.beforeState.get(client) ?? 0
      for (const struct of doc.store.clients.get(client) ?? []) {
        if (struct instanceof Y.Item && struct.id.clock >= before && struct.id.clock < after) {
          const path = pathOf(struct)
          if (path) inserted.push(path)
        }
      }
    }
    for (const [client, ranges] of tr.deleteSet.clients) {
      const structs = doc.store.clients.get(client) ?? []
      for (const { clock, len } of ranges) {
        for (const struct of structs) {
          if (!(struct instanceof Y.Item) || struct.id.clock < clock || struct.id.clock >= clock + len)
            continue
          const path = pathOf(struct)
          if (path) deleted.push(path)
        }
      }
    }
  }
  doc.on('afterTransaction', onTransaction)
  run()
  doc.off('afterTransaction', onTransaction)
  return { inserted, deleted }
}

/** The server's judgement: inserts field by field; a removed record's own fields are not judged again. */
function refusedWrites(writes: { inserted: WritePath[]; deleted: WritePath[] }, role: BoardRole): string[] {
  const removedRecords = new Set(writes.deleted.filter((p) => p.keys.length === 1).map((p) => p.keys[0]))
  const judged = [
    ...writes.inserted,
    ...writes.deleted.filter((p) => p.keys.length === 1 || !removedRecords.has(p.keys[0] ?? null)),
  ]
  return judged
    .filter((path) => {
      const writeClass = classifyWrite(path)
      return !writeClass || !mayWrite(writeClass, { role, sessionEnded: false })
    })
    .map((path) => [path.root, ...path.keys].join('/'))
}

const keysOf = (paths: WritePath[]) => paths.map((p) => p.keys.at(-1))

/** The server stamps a record after accepting a write, in its own (for clients: remote) transaction. */
function serverStamps(doc: BoardDoc, recordId: string, author: Author, created: boolean) {
  doc.transact(() => stampRecord(doc, { root: 'goals', recordId }, author, created), SERVER)
}

const partnerA: Author = { id: 'person-a', role: 'partnerA' }

function twoPartners() {
  const a = createBoardDoc()
  const b = createBoardDoc()
  const setup = createBoardDoc()
  const goalId = addGoal(setup, { title: 'Evening walk' })
  const cardId = addCard(setup, { text: 'Phones away at dinner', column: 'keep' })
  exchange(setup, a, b)
  return { a, b, goalId, cardId }
}

const titleOf = (doc: BoardDoc) => selectGoals(doc)[0]?.title
const columnOf = (doc: BoardDoc, id: string) =>
  Object.entries(selectColumns(doc)).find(([, cards]) => cards.some((card) => card.id === id))?.[0]

describe('undo per person', () => {
  it('undoes my title edit and leaves the other partner’s card move alone, on both boards', () => {
    const { a, b, goalId, cardId } = twoPartners()
    const undoA = createUndo(a, { role: 'partnerA' })
    updateGoal(a, goalId, { title: 'Evening walk, twenty minutes' })
    moveCard(b, cardId, 'stop', 0)
    exchange(a, b)

    undoA.undo()
    exchange(a, b)
    for (const doc of [a, b]) {
      expect(titleOf(doc)).toBe('Evening walk')
      expect(columnOf(doc, cardId)).toBe('stop')
    }
    expect(undoA.canUndo()).toBe(false)

    undoA.redo()
    exchange(a, b)
    for (const doc of [a, b]) {
      expect(titleOf(doc)).toBe('Evening walk, twenty minutes')
      expect(columnOf(doc, cardId)).toBe('stop')
    }
    expect(undoA.canRedo()).toBe(false)
  })

  it('undoes my card move back to where the other partner had put it', () => {
    const { a, b, cardId } = twoPartners()
    const undoA = createUndo(a, { role: 'partnerA' })
    moveCard(b, cardId, 'start', 0)
    exchange(a, b)
    moveCard(a, cardId, 'stop', 0)
    exchange(a, b)
    expect(columnOf(b, cardId)).toBe('stop')

    undoA.undo()
    exchange(a, b)
    expect([columnOf(a, cardId), columnOf(b, cardId)]).toEqual(['start', 'start'])
  })

  it('never offers to undo what others wrote, and never overwrites their later change', () => {
    const { a, b, goalId } = twoPartners()
    const undoA = createUndo(a, { role: 'partnerA' })
    const undoB = createUndo(b, { role: 'partnerB' })
    updateGoal(b, goalId, { specific: 'After dinner, around the block' })
    exchange(a, b)
    expect(undoA.canUndo()).toBe(false)

    updateGoal(a, goalId, { title: 'Walk' })
    exchange(a, b)
    updateGoal(b, goalId, { title: 'Walk together' })
    exchange(a, b)
    undoA.undo()
    exchange(a, b)
    // B's newer title stands: A's undo does not reach past someone else's later change of the field.
    expect([titleOf(a), titleOf(b)]).toEqual(['Walk together', 'Walk together'])
    expect(selectGoals(a)[0]?.specific).toBe('After dinner, around the block')
    expect(undoB.canUndo()).toBe(true)
  })

  it('merges quick typing into one step and keeps slower changes apart', () => {
    const doc = createBoardDoc()
    const id = addGoal(doc, { title: '' })
    const typing = createUndo(doc, { role: 'partnerA' })
    for (const title of ['W', 'Wa', 'Wal', 'Walk']) updateGoal(doc, id, { title })
    typing.undo()
    expect(titleOf(doc)).toBe('')
    typing.destroy()

    const stepwise = createUndo(doc, { role: 'partnerA', captureTimeout: 0 })
    for (const title of ['W', 'Wa']) updateGoal(doc, id, { title })
    stepwise.undo()
    expect(titleOf(doc)).toBe('W')
  })

  it('keeps a tick and a new wording made within the capture time apart: one undo takes back the wording', () => {
    const doc = createBoardDoc()
    const undo = createUndo(doc, { role: 'partnerA' })
    const id = addGoal(doc, { title: 'Evening walk' })
    updateGoal(doc, id, { specific: 'Around the block' })
    setConsent(doc, id, 'partnerA', true)
    updateGoal(doc, id, { title: 'Evening walk, three times a week' })

    undo.undo()
    expect(titleOf(doc)).toBe('Evening walk')
    expect(selectGoals(doc)[0]?.willing.partnerA).toBe(true)
    undo.undo()
    expect(selectGoals(doc)[0]?.willing.partnerA).toBe(false)
    expect(selectGoals(doc)[0]?.specific).toBe('Around the block')
    // The goal and the first words written into it right away are one step.
    undo.undo()
    expect(selectGoals(doc)).toEqual([])
    expect(undo.canUndo()).toBe(false)
  })

  it('keeps a quick move of a canvas shape one step, even when it changes parent on the way', () => {
    const doc = createBoardDoc()
    const shape = new Y.Map<unknown>([
      ['x', 0],
      ['y', 0],
      ['parentId', 'page:page'],
    ])
    doc.transact(() => canvasMap(doc).set('shape:card', shape), LOCAL_ORIGIN)
    const undo = createUndo(doc, { role: 'partnerB' })
    const move = (fields: Record<string, unknown>) =>
      doc.transact(() => {
        for (const [key, value] of Object.entries(fields)) shape.set(key, value)
      }, LOCAL_ORIGIN)
    move({ x: 10, y: 5 })
    move({ x: 20, y: 10, parentId: 'shape:frame' })
    move({ x: 30, y: 15 })

    undo.undo()
    expect([shape.get('x'), shape.get('y'), shape.get('parentId')]).toEqual([0, 0, 'page:page'])
    expect(undo.canUndo()).toBe(false)
  })

  it('keeps a shape drawn with one drag one step: made, then sized', () => {
    const doc = createBoardDoc()
    const undo = createUndo(doc, { role: 'partnerB' })
    let shape = new Y.Map<unknown>()
    doc.transact(() => {
      shape = new Y.Map<unknown>([
        ['x', 40],
        ['props.w', 1],
      ])
      canvasMap(doc).set('shape:box', shape)
    }, LOCAL_ORIGIN)
    for (const width of [20, 60, 120]) doc.transact(() => shape.set('props.w', width), LOCAL_ORIGIN)

    undo.undo()
    expect(canvasMap(doc).has('shape:box')).toBe(false)
    expect(undo.canUndo()).toBe(false)
  })

  it('tells subscribers when undo or redo becomes possible, with a stable snapshot', () => {
    const doc = createBoardDoc()
    const undo = createUndo(doc, { role: 'therapist' })
    let calls = 0
    const unsubscribe = undo.subscribe(() => calls++)
    const before = undo.getSnapshot()
    expect(before).toEqual({ canUndo: false, canRedo: false })
    addCard(doc, { text: 'Tea together', column: 'keep' })
    expect(undo.getSnapshot()).toEqual({ canUndo: true, canRedo: false })
    expect(undo.getSnapshot()).toBe(undo.getSnapshot())
    undo.undo()
    expect(undo.getSnapshot()).toEqual({ canUndo: false, canRedo: true })
    expect(calls).toBe(2)
    unsubscribe()
  })

  it('counts undo and redo as my own changes', () => {
    const doc = createBoardDoc()
    const undo = createUndo(doc, { role: 'partnerA' })
    const origins: unknown[] = []
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin))
    addCard(doc, { text: 'Tea together', column: 'keep' })
    undo.undo()
    expect(origins.map(isOwnChange)).toEqual([true, true])
    expect(isOwnChange(REMOTE)).toBe(false)
    expect(isOwnChange(LOCAL_ORIGIN)).toBe(true)
  })
})

describe('undo and the server’s write rules', () => {
  /** Partner A adds a goal; the server stamps it; partner B says yes to it; everyone is in sync. */
  function stampedGoal() {
    const a = createBoardDoc()
    const b = createBoardDoc()
    // Steps kept apart, as if each came a while after the last.
    const undoA = createUndo(a, { role: 'partnerA', captureTimeout: 0 })
    const goalId = addGoal(a, { title: 'Sunday pancakes' })
    serverStamps(a, goalId, partnerA, true)
    exchange(a, b)
    setConsent(b, goalId, 'partnerB', true)
    exchange(a, b)
    return { a, b, undoA, goalId }
  }

  it('a plain UndoManager would write the server’s stamps and the other partner’s consent back', () => {
    const { a, goalId } = stampedGoal()
    const plain = new Y.UndoManager([goalsMap(a)], { trackedOrigins: new Set([LOCAL_ORIGIN]) })
    removeGoal(a, goalId)
    const writes = writesDuring(a, () => plain.undo())
    expect(keysOf(writes.inserted)).toEqual(
      expect.arrayContaining(['createdBy', 'updatedBy', 'consent.partnerB']),
    )
    expect(refusedWrites(writes, 'partnerA').length).toBeGreaterThan(0)
  })

  it('brings a removed goal back with its shared fields only, which the rules accept', () => {
    const { a, b, undoA, goalId } = stampedGoal()
    setConsent(a, goalId, 'partnerA', true)
    undoA.undo()
    expect(selectGoals(a)[0]?.willing.partnerA).toBe(false)
    undoA.redo()
    expect(selectGoals(a)[0]?.willing.partnerA).toBe(true)

    const removal = writesDuring(a, () => removeGoal(a, goalId))
    expect(refusedWrites(removal, 'partnerA')).toEqual([])
    exchange(a, b)

    const undo = writesDuring(a, () => undoA.undo())
    expect(refusedWrites(undo, 'partnerA')).toEqual([])
    expect(keysOf(undo.inserted)).not.toContain('createdBy')
    expect(keysOf(undo.inserted)).not.toContain('updatedBy')
    expect(keysOf(undo.inserted)).not.toContain('consent.partnerB')
    exchange(a, b)
    for (const doc of [a, b]) {
      const [goal] = selectGoals(doc)
      expect(goal).toMatchObject({ id: goalId, title: 'Sunday pancakes' })
      // Partner A's own yes comes back; partner B is asked again rather than answered for.
      expect(goal?.willing).toEqual({ partnerA: true, partnerB: false })
    }
  })

  it('redoes an undone add without the stamps the server wrote in between', () => {
    const a = createBoardDoc()
    const undoA = createUndo(a, { role: 'partnerA' })
    const goalId = addGoal(a, { title: 'Walk on Saturday' })
    serverStamps(a, goalId, partnerA, true)
    updateGoal(a, goalId, { specific: 'Both of us, 10 am' })
    serverStamps(a, goalId, partnerA, false)

    const undo = writesDuring(a, () => undoA.undo())
    expect(refusedWrites(undo, 'partnerA')).toEqual([])
    expect(selectGoals(a)).toEqual([])

    const redo = writesDuring(a, () => undoA.redo())
    expect(refusedWrites(redo, 'partnerA')).toEqual([])
    expect(keysOf(redo.inserted)).toEqual(expect.arrayContaining(['title', 'specific']))
    expect(keysOf(redo.inserted)).not.toContain('createdBy')
    expect(keysOf(redo.inserted)).not.toContain('updatedBy')
    expect(selectGoals(a)[0]).toMatchObject({ title: 'Walk on Saturday', specific: 'Both of us, 10 am' })
    expect(recordAt(goalsMap(a), selectGoals(a)[0]!.id)?.has('createdBy')).toBe(false)
  })

  it('undoes a card removal for the therapist, and a removed card comes back in its place', () => {
    const doc = createBoardDoc()
    const undo = createUndo(doc, { role: 'therapist' })
    const id = addCard(doc, { text: 'Late-night arguments', column: 'stop' })
    undo.destroy()
    const history = createUndo(doc, { role: 'therapist' })
    removeCard(doc, id)
    const writes = writesDuring(doc, () => history.undo())
    expect(refusedWrites(writes, 'therapist')).toEqual([])
    expect(selectColumns(doc).stop.map((card) => card.text)).toEqual(['Late-night arguments'])
  })

  /** A goal with two steps, a plan, and a goal card on the canvas drawn by this person's binding. */
  function goalOnCanvas(doc: BoardDoc) {
    const goalId = addGoal(doc, { title: 'Evening walk' })
    const stepIds = [addStep(doc, goalId, 'Pick a route'), addStep(doc, goalId, 'Walk on Sunday')]
    const planId = addPlan(doc, { condition: 'It rains', action: 'Walk in the mall', goalId })
    const shape = {
      id: 'shape:card',
      typeName: 'shape',
      type: 'goal-card',
      x: 40,
      y: 60,
      'props.w': 300,
      'props.goalId': goalId,
    }
    mutate(doc, () => canvasMap(doc).set(shape.id, new Y.Map(Object.entries(shape))))
    return { goalId, stepIds, planId, shape }
  }

  /** Every canvas field passes the server's value check. */
  const canvasAccepted = (doc: BoardDoc) =>
    recordEntries(canvasMap(doc)).flatMap(([id, record]) =>
      [...record]
        .map(([key, value]) =>
          checkWrite({ root: 'canvas', keys: [id, key] }, 'insert', { kind: 'plain', value }),
        )
        .filter((problem) => problem !== null),
    )

  it('undoes a step removal: the step comes back in its place', () => {
    const doc = createBoardDoc()
    const { goalId, stepIds } = goalOnCanvas(doc)
    const history = createUndo(doc, { role: 'partnerB' })
    removeStep(doc, stepIds[0]!)
    expect(selectSteps(doc, goalId).map((step) => step.title)).toEqual(['Walk on Sunday'])
    const writes = writesDuring(doc, () => history.undo())
    expect(refusedWrites(writes, 'partnerB')).toEqual([])
    expect(selectSteps(doc, goalId).map((step) => step.title)).toEqual(['Pick a route', 'Walk on Sunday'])
  })

  it('undoes a canvas shape removal: the shape comes back with every field', () => {
    const doc = createBoardDoc()
    const { shape } = goalOnCanvas(doc)
    const history = createUndo(doc, { role: 'partnerA' })
    mutate(doc, () => canvasMap(doc).delete(shape.id))
    const writes = writesDuring(doc, () => history.undo())
    expect(refusedWrites(writes, 'partnerA')).toEqual([])
    expect(recordAt(canvasMap(doc), shape.id)?.toJSON()).toEqual(shape)
    expect(canvasAccepted(doc)).toEqual([])
  })

  it('undoes a goal removal with everything it took along: steps, plan link and canvas card', () => {
    const doc = createBoardDoc()
    const { goalId, planId, shape } = goalOnCanvas(doc)
    const history = createUndo(doc, { role: 'partnerA' })
    removeGoal(doc, goalId)
    expect(canvasMap(doc).size).toBe(0)
    const writes = writesDuring(doc, () => history.undo())
    expect(refusedWrites(writes, 'partnerA')).toEqual([])
    expect(selectGoals(doc).map((goal) => goal.id)).toEqual([goalId])
    expect(selectSteps(doc, goalId).map((step) => step.title)).toEqual(['Pick a route', 'Walk on Sunday'])
    expect(selectPlans(doc).find((plan) => plan.id === planId)?.goalId).toBe(goalId)
    expect(recordAt(canvasMap(doc), shape.id)?.toJSON()).toEqual(shape)
    expect(canvasAccepted(doc)).toEqual([])
    history.redo()
    expect([selectGoals(doc).length, selectSteps(doc, goalId).length, canvasMap(doc).size]).toEqual([0, 0, 0])
  })

  it('brings back a proposal of the decision grid I removed', () => {
    const doc = createBoardDoc()
    const undo = createUndo(doc, { role: 'partnerA', captureTimeout: 0 })
    addProposal(doc, 'Sunday email off')
    const [proposal] = selectProposals(doc)
    removeProposal(doc, proposal!.id)
    expect(selectProposals(doc)).toEqual([])
    undo.undo()
    expect(selectProposals(doc).map((item) => item.title)).toEqual(['Sunday email off'])
    undo.destroy()
  })
})
