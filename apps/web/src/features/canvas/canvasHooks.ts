import type { Editor } from '@tldraw/tldraw'

/** What a card on the canvas opens for editing: the record behind it, not the shape. */
export type CardTarget =
  { kind: 'goal'; goalId: string } | { kind: 'steps'; goalId: string } | { kind: 'plan'; planId: string }

/**
 * The board's side of one mounted canvas, for the shape utils that tldraw builds itself: open a card's
 * editor and describe a shape for screen readers from the board's records.
 */
export interface CanvasHooks {
  open(target: CardTarget): void
  describe(shape: { type: string; props: unknown }): string | undefined
}

const hooksByEditor = new WeakMap<Editor, CanvasHooks>()

export function setCanvasHooks(editor: Editor, hooks: CanvasHooks): () => void {
  hooksByEditor.set(editor, hooks)
  return () => {
    if (hooksByEditor.get(editor) === hooks) hooksByEditor.delete(editor)
  }
}

export function canvasHooks(editor: Editor): CanvasHooks | undefined {
  return hooksByEditor.get(editor)
}
