import type { BoardDoc } from '../doc.ts'
import { canvasMap } from '../doc.ts'

/** The canvas shape prop that points a shape at a board record. */
export type ShownRecordProp = 'goalId' | 'planId'

/**
 * Removes the canvas shapes that show a board record (`props.goalId` or `props.planId` equal to its
 * id), the shapes inside them, and every binding that starts or ends at one of them, as tldraw does
 * when a shape is deleted. Call it inside the mutation that removes the record, so it is one step.
 */
export function removeShapesShowing(doc: BoardDoc, prop: ShownRecordProp, recordId: string): void {
  // A shape placed before its record was chosen points at '': that is no record to follow.
  if (recordId === '') return
  const canvas = canvasMap(doc)
  const removed = new Set<string>()
  canvas.forEach((record, id) => {
    if (record.get(`props.${prop}`) === recordId) removed.add(id)
  })
  if (removed.size === 0) return
  // Children of a removed shape go with it, to any depth.
  let grew = true
  while (grew) {
    grew = false
    canvas.forEach((record, id) => {
      const parentId = record.get('parentId')
      if (!removed.has(id) && typeof parentId === 'string' && removed.has(parentId)) {
        removed.add(id)
        grew = true
      }
    })
  }
  canvas.forEach((record, id) => {
    const ends = [record.get('fromId'), record.get('toId')]
    if (id.startsWith('binding:') && ends.some((end) => typeof end === 'string' && removed.has(end))) {
      removed.add(id)
    }
  })
  for (const id of removed) canvas.delete(id)
}
