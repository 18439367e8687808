// @vitest-environment jsdom
import { addGoal, createBoardDoc, createUndo } from '@session-board/board'
import type { BoardDoc } from '@session-board/board'
import type { Editor } from '@tldraw/tldraw'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addGoalWithCard, createGoalCardPlacer, goalCardId, placeGoalCards } from './placement.ts'
import { GOAL_CARD } from './shapes.ts'
import { testPeers } from './testEditors.ts'
import type { GoalCardShape } from './shapes.ts'

const peers = testPeers()
const createPeer = (doc: BoardDoc = createBoardDoc()) => peers.createPeer(doc)

const cardsIn = (editor: Editor) =>
  editor.getCurrentPageShapes().filter((shape) => shape.type === GOAL_CARD) as GoalCardShape[]

/** What `to` has not yet received from `from` reaches it, as the sync server would pass it on. */
function deliver(from: { doc: BoardDoc }, to: { doc: BoardDoc }) {
  Y.applyUpdate(to.doc, Y.encodeStateAsUpdate(from.doc, Y.encodeStateVector(to.doc)), 'remote')
}

describe('placed goal cards and the editor', () => {
  it('reach the editor through the binding, and a person’s move of them is theirs to undo', () => {
    const peer = createPeer()
    const undo = createUndo(peer.doc, { role: 'partnerB', captureTimeout: 0 })
    const goalId = addGoal(peer.doc, { title: 'Evening walk' })
    placeGoalCards(peer.doc)
    const [card] = cardsIn(peer.editor)
    expect(card).toMatchObject({ id: goalCardId(goalId), props: { goalId } })

    peer.binding.inOneStep(() => peer.editor.updateShape({ id: card!.id, type: GOAL_CARD, x: 900 }))
    undo.undo()
    // The move is undone; the card itself, which no one made, is in no one's undo.
    expect(cardsIn(peer.editor).map((shape) => shape.x)).toEqual([card!.x])
    undo.undo()
    expect(peer.doc.getMap('goals').size).toBe(0)
    expect(cardsIn(peer.editor)).toHaveLength(1)
    undo.destroy()
  })

  it('a goal made with its card in one step arrives with it: the therapist’s board places no second card', () => {
    const maker = createPeer()
    const therapist = createPeer()
    const placer = createGoalCardPlacer(therapist.doc)
    const updates: Uint8Array[] = []
    maker.doc.on('update', (update: Uint8Array) => updates.push(update))
    const goalId = maker.binding.inOneStep(() => {
      const goalId = addGoal(maker.doc, { title: '' })
      maker.editor.createShape<GoalCardShape>({
        id: goalCardId(goalId),
        type: GOAL_CARD,
        x: 555,
        y: 333,
        props: { goalId },
      })
      return goalId
    })
    expect(updates).toHaveLength(1)
    Y.applyUpdate(therapist.doc, updates[0]!, 'remote')
    expect(placer.placeNewGoals()).toEqual([])
    expect(cardsIn(therapist.editor)).toMatchObject([{ id: goalCardId(goalId), x: 555, y: 333 }])
  })
})

describe('no board moves a card someone already sees', () => {
  it('a goal written in the list reaches every board with its card, which stays where each person sees it', () => {
    // Three boards open on one session; the therapist's has just drawn something the others have not
    // received. Were every board to place a goal's card on seeing the goal, each would choose the spot
    // from what it had, and when their writes met the card partner B sees would jump.
    const therapist = createPeer()
    const partnerA = createPeer()
    const partnerB = createPeer()
    const placer = createGoalCardPlacer(therapist.doc)
    therapist.binding.inOneStep(() =>
      therapist.editor.createShape({ type: 'geo', x: 0, y: 0, props: { w: 600, h: 200 } }),
    )

    const goalId = addGoalWithCard(partnerA.doc, { title: 'Saturday breakfast, phones away' })
    deliver(partnerA, partnerB)
    deliver(partnerA, therapist)
    expect(placer.placeNewGoals()).toEqual([])
    const [seen] = cardsIn(partnerB.editor)
    expect(seen).toMatchObject({ id: goalCardId(goalId), props: { goalId } })

    for (const from of [therapist, partnerA, partnerB]) {
      for (const to of [therapist, partnerA, partnerB]) if (from !== to) deliver(from, to)
    }
    expect(placer.placeNewGoals()).toEqual([])
    for (const peer of [therapist, partnerA, partnerB]) {
      expect(cardsIn(peer.editor)).toEqual([seen])
    }
  })

  it('a goal from before gets its card from the therapist’s board alone, and a move of it stays', () => {
    const therapist = createPeer()
    const partnerB = createPeer()
    const goalId = addGoal(therapist.doc, { title: 'Written before goals came with cards' })
    deliver(therapist, partnerB)
    // Partner B's board has the goal and no card: it places none, and says the card comes with the
    // therapist (GoalCanvas). The therapist's board opens and places it.
    expect(cardsIn(partnerB.editor)).toEqual([])
    const placer = createGoalCardPlacer(therapist.doc)
    expect(placer.placeNewGoals()).toEqual([goalCardId(goalId)])
    deliver(therapist, partnerB)
    expect(cardsIn(partnerB.editor)).toHaveLength(1)

    // Partner B moves it while another goal arrives and the therapist's board looks again.
    partnerB.binding.inOneStep(() =>
      partnerB.editor.updateShape({ id: goalCardId(goalId), type: GOAL_CARD, x: 2000, y: 100 }),
    )
    addGoalWithCard(therapist.doc, { title: 'Evening walk' })
    expect(placer.placeNewGoals()).toEqual([])
    deliver(partnerB, therapist)
    deliver(therapist, partnerB)
    for (const peer of [therapist, partnerB]) {
      expect(peer.editor.getShape(goalCardId(goalId))).toMatchObject({ x: 2000, y: 100 })
      expect(cardsIn(peer.editor)).toHaveLength(2)
    }
  })
})
