// Test support for the canvas package's jsdom tests: real tldraw editors bound to Yjs documents.
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
import { afterEach } from 'vitest'
import type * as Y from 'yjs'
import { bindCanvas } from './binding.ts'
import type { CanvasBinding } from './binding.ts'
import { GOAL_CARD, goalCardProps } from './shapes.ts'
import type { GoalCardShape } from './shapes.ts'

// tldraw flushes store listeners synchronously when NODE_ENV is "test"; make it wait for the next
// animation frame as it does in the browser, so the tests exercise the real timing. (Synchronously, the
// listener runs inside @tldraw/state's reaction phase, and the other editor, updated from there through
// the wired documents, can be left with a stale bindings index.)
Object.assign(globalThis, { __FORCE_RAF_IN_TESTS__: true })
// jsdom has no matchMedia; tldraw's user preferences read the colour scheme from it.
window.matchMedia = (query: string) =>
  ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    addListener: () => undefined,
    removeListener: () => undefined,
    dispatchEvent: () => false,
  }) as MediaQueryList

/** The goal card's shape as the editor needs it here: its props and a box, drawn by nobody. */
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

export const testShapeUtils = [...defaultShapeUtils, GoalCardUtil]

export function createTestEditor(): Editor {
  return new Editor({
    store: createTLStore({ shapeUtils: testShapeUtils, bindingUtils: defaultBindingUtils }),
    shapeUtils: testShapeUtils,
    bindingUtils: defaultBindingUtils,
    tools: [],
    getContainer: () => document.body,
    textOptions: {
      addFontsFromNode: defaultAddFontsFromNode,
      tipTapConfig: { extensions: tipTapDefaultExtensions },
    },
  })
}

export interface TestPeer<D extends Y.Doc = Y.Doc> {
  editor: Editor
  doc: D
  binding: CanvasBinding
  /** Ids of records the binding refused to bring into the editor. */
  invalid: string[]
}

/**
 * Editors bound to documents, disposed after each test (`afterTest` adds anything else to dispose).
 * Call at a test file's top level: it registers the `afterEach` that disposes what the test made.
 */
export function testPeers() {
  const cleanups: (() => void)[] = []
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup()
  })
  const afterTest = (cleanup: () => void) => cleanups.push(cleanup)
  const createPeer = <D extends Y.Doc>(doc: D): TestPeer<D> => {
    const editor = createTestEditor()
    const invalid: string[] = []
    const binding = bindCanvas(editor.store, doc, { onInvalidRecord: (id) => invalid.push(id) })
    cleanups.push(() => {
      binding.dispose()
      editor.dispose()
    })
    return { editor, doc, binding, invalid }
  }
  return { createPeer, afterTest }
}
