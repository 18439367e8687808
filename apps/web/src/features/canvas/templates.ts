import { Box, createShapeId, toRichText } from '@tldraw/tldraw'
import type { Editor, TLShapeId, TLShapePartial } from '@tldraw/tldraw'
import { addGoal } from '@session-board/board'
import type { BoardDoc } from '@session-board/board'
import { GOAL_CARD, defaultShapeSize, goalCardId } from '@session-board/canvas'

const GAP = 40

/** Where a new template goes: in free space after everything already on the canvas, never on top of it. */
function besideContent(editor: Editor, width: number, height: number) {
  const content = editor.getCurrentPageBounds()
  if (content) return { x: Math.round(content.maxX + GAP * 2), y: Math.round(content.minY) }
  const center = editor.getViewportPageBounds().center
  return { x: Math.round(center.x - width / 2), y: Math.round(center.y - height / 2) }
}

function showAll(editor: Editor, ids: TLShapeId[]) {
  const bounds = Box.Common(ids.map((id) => editor.getShapePageBounds(id)).filter((box) => !!box))
  editor.zoomToBounds(bounds, { inset: 48, animation: { duration: 200 } })
}

/** Three columns: each partner's own priority, and between them the action they share. */
export function dropPriorityMap(editor: Editor, names: { partnerA: string; partnerB: string }): TLShapeId[] {
  const column = { w: 380, h: 540 }
  const width = column.w * 3 + GAP * 2
  const origin = besideContent(editor, width, column.h)
  const labels = [`${names.partnerA}: my priority`, 'Our shared action', `${names.partnerB}: my priority`]
  const ids = labels.map(() => createShapeId())
  editor.run(() => {
    editor.createShapes(
      labels.map((name, index) => ({
        id: ids[index],
        type: 'frame',
        x: origin.x + index * (column.w + GAP),
        y: origin.y,
        props: { ...column, name },
      })),
    )
  })
  showAll(editor, ids)
  return ids
}

/** Safety and sobriety as goals pinned in a frame that sits before everything else on the canvas. */
export function dropNonNegotiables(editor: Editor, doc: BoardDoc): TLShapeId[] {
  const card = defaultShapeSize[GOAL_CARD]
  const frame = { w: card.w * 2 + GAP * 3, h: card.h + GAP * 2 + 20 }
  const content = editor.getCurrentPageBounds()
  const origin = content
    ? { x: Math.round(content.minX - frame.w - GAP * 2), y: Math.round(content.minY) }
    : besideContent(editor, frame.w, frame.h)
  const goals = [
    { title: 'Safety: each of us is safe at home and in every talk', kind: 'therapy' as const },
    { title: 'Sobriety: we protect each other’s recovery', kind: 'therapy' as const },
  ].map((input) => addGoal(doc, { ...input, nonNegotiable: true }))
  const frameId = createShapeId()
  // The ids the canvas places these goals' cards under, so it finds them placed and adds no second card.
  const cardIds = goals.map(goalCardId)
  editor.run(() => {
    editor.createShape({
      id: frameId,
      type: 'frame',
      x: origin.x,
      y: origin.y,
      props: { ...frame, name: 'Non-negotiables' },
    })
    editor.createShapes(
      goals.map((goalId, index) => ({
        id: cardIds[index],
        type: GOAL_CARD,
        parentId: frameId,
        x: GAP + index * (card.w + GAP),
        y: GAP + 20,
        props: { ...card, goalId },
      })),
    )
  })
  showAll(editor, [frameId])
  return [frameId, ...cardIds]
}

/** Three rings: what I control, what I can influence, what is outside my control. */
export function dropSpheresOfControl(editor: Editor): TLShapeId[] {
  const rings = [
    { size: 900, color: 'grey', label: 'Outside my control' },
    { size: 600, color: 'yellow', label: 'What I can influence' },
    { size: 300, color: 'green', label: 'What I control' },
  ] as const
  const outer = rings[0].size
  const origin = besideContent(editor, outer, outer)
  const shapes: TLShapePartial[] = []
  for (const ring of rings) {
    const offset = (outer - ring.size) / 2
    shapes.push({
      id: createShapeId(),
      type: 'geo',
      x: origin.x + offset,
      y: origin.y + offset,
      props: {
        geo: 'ellipse',
        w: ring.size,
        h: ring.size,
        color: ring.color,
        fill: 'semi',
        richText: toRichText(''),
      },
    })
    shapes.push({
      id: createShapeId(),
      type: 'text',
      x: origin.x + outer / 2 - 110,
      y: origin.y + offset + (ring.size === 300 ? ring.size / 2 - 20 : 36),
      props: {
        richText: toRichText(ring.label),
        size: 'm',
        color: 'black',
        textAlign: 'middle',
        autoSize: false,
        w: 220,
      },
    })
  }
  editor.run(() => editor.createShapes(shapes))
  const ids = shapes.map((shape) => shape.id)
  showAll(editor, ids)
  return ids
}
