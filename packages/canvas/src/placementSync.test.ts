// @vitest-environment jsdom
import { addGoal, createBoardDoc, createUndo } from '@session-board/board'
import type { BoardDoc } from '@session-board/board'
import {
  Editor,
  Rectangle2d,
  ShapeUtil,
  createTLStore,
  defaultAddFontsFromNode,
  defaultBindingUtils,
  defaultShapeUtils,
  tipTapDefaultExtensions,
} from '@tldraw/tldraw'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { bindCanvas } from './binding.ts'
import type { CanvasBinding } from './binding.ts'
import { goalCardId, placeGoalCards } from './placement.ts'
import { GOAL_CARD, goalCardProps } from './shapes.ts'
import type { GoalCardShape } from './shapes.ts'

// As in binding.test.ts: store listeners wait for the next animation frame, as in the browser.
Object.assign(globalThis, { __FORCE_RAF_IN_TESTS__: true })
window.matchMedia = (query: string) =>
  ({
    matches: false,
    media: query,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    addListener: () => undefined,
    removeListener: () => undefined,
    dispatchEvent: () => false,
    onchange: null,
  }) as MediaQueryList

class GoalCardUtil extends ShapeUtil<GoalCardShape> {
  static override type = GOAL_CARD
  static override props = goalCardProps
  getDefaultProps(): GoalCardShape['props'] {
    return { w: 300, h: 380, goalId: '' }
  }
  getGeometry(shape: GoalCardShape) {
    return new Rectangle2d({ width: shape.props.w, height: shape.props.h, isFilled: true })
  }
  component() {
    return null
  }
  indicator() {
    return null
  }
}
const shapeUtils = [...defaultShapeUtils, GoalCardUtil]

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function createPeer(doc: BoardDoc = createBoardDoc()): {
  editor: Editor
  doc: BoardDoc
  binding: CanvasBinding
} {
  const editor = new Editor({
    store: createTLStore({ shapeUtils, bindingUtils: defaultBindingUtils }),
    shapeUtils,
    bindingUtils: defaultBindingUtils,
    tools: [],
    getContainer: () => document.body,
    textOptions: {
      addFontsFromNode: defaultAddFontsFromNode,
      tipTapConfig: { extensions: tipTapDefaultExtensions },
    },
  })
  const binding = bindCanvas(editor.store, doc)
  cleanups.push(() => {
    binding.dispose()
    editor.dispose()
  })
  return { editor, doc, binding }
}

const cardsIn = (editor: Editor) =>
  editor.getCurrentPageShapes().filter((shape) => shape.type === GOAL_CARD) as GoalCardShape[]

describe('placed goal cards and the editor', () => {
  it('reach the editor through the binding, and a person’s move of them is theirs to undo', () => {
    const peer = createPeer()
    const undo = createUndo(peer.doc, { role: 'partnerB', captureTimeout: 0 })
    const goalId = addGoal(peer.doc, { title: 'Evening walk' })
    placeGoalCards(peer.doc)
    const [card] = cardsIn(peer.editor)
    expect(card).toMatchObject({ id: goalCardId(goalId), props: { goalId } })

    peer.editor.updateShape({ id: card!.id, type: GOAL_CARD, x: 900 })
    peer.binding.flush()
    undo.undo()
    // The move is undone; the card itself, which no one made, is in no one's undo.
    expect(cardsIn(peer.editor).map((shape) => shape.x)).toEqual([card!.x])
    undo.undo()
    expect(peer.doc.getMap('goals').size).toBe(0)
    expect(cardsIn(peer.editor)).toHaveLength(1)
    undo.destroy()
  })

  it('a goal made with its card in one step arrives with it: the other side places no second card', () => {
    const maker = createPeer()
    const other = createPeer()
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
    Y.applyUpdate(other.doc, updates[0]!, 'remote')
    expect(placeGoalCards(other.doc).placed).toEqual([])
    expect(cardsIn(other.editor)).toMatchObject([{ id: goalCardId(goalId), x: 555, y: 333 }])
  })
})
