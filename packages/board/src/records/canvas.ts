import type { BoardDoc } from '../doc.ts'
import { canvasMap, recordEntries } from '../doc.ts'
import { defineRecord, field } from '../schema/descriptor.ts'
import { boolean, decimal, idPrefix, json, recordId, text } from '../schema/fields.ts'

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
  const records = recordEntries(canvas)
  const removed = new Set<string>()
  records.forEach(([id, record]) => {
    if (record.get(`props.${prop}`) === recordId) removed.add(id)
  })
  if (removed.size === 0) return
  // Children of a removed shape go with it, to any depth.
  let grew = true
  while (grew) {
    grew = false
    records.forEach(([id, record]) => {
      const parentId = record.get('parentId')
      if (!removed.has(id) && typeof parentId === 'string' && removed.has(parentId)) {
        removed.add(id)
        grew = true
      }
    })
  }
  records.forEach(([id, record]) => {
    const ends = [record.get('fromId'), record.get('toId')]
    if (id.startsWith('binding:') && ends.some((end) => typeof end === 'string' && removed.has(end))) {
      removed.add(id)
    }
  })
  for (const id of removed) canvas.delete(id)
}

/** The longest prop or meta value, as JSON: room for rich text, not for a smuggled file. */
export const MAX_CANVAS_VALUE_CHARS = 32 * 1024
const anyNumber = decimal(-Number.MAX_VALUE, Number.MAX_VALUE)
const reference = text(128)

/**
 * The goal canvas (`canvas`): tldraw shape and binding records, each a map of plain fields: tldraw's
 * top-level fields by name, props and meta flattened (`props.w`, `meta.createdFor`). Not stamped:
 * dragging a shape writes its position every frame, and each write would add a stamp write.
 */
export const canvasRecord = defineRecord({
  root: 'canvas',
  shape: 'collection',
  idPattern: /^(shape|binding):[A-Za-z0-9_-]{1,64}$/,
  stamped: false,
  undo: true,
  fields: [
    field('id', recordId),
    field('typeName', idPrefix),
    field('type', text(64, { min: 1 })),
    field('x', anyNumber),
    field('y', anyNumber),
    field('rotation', anyNumber),
    field('opacity', anyNumber),
    field('isLocked', boolean),
    field('index', reference),
    field('parentId', reference),
    field('fromId', reference),
    field('toId', reference),
    field(/^(props|meta)\.[A-Za-z0-9_]{1,64}$/, json(MAX_CANVAS_VALUE_CHARS)),
  ],
})
