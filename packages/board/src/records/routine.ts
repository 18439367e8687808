import type * as Y from 'yjs'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { mutate, readString, recordAt, recordEntries, recordMap } from '../doc.ts'
import { newId } from '../ids.ts'
import { defineRecord, field } from '../schema/descriptor.ts'
import { SHORT_TEXT, idOrEmpty, text, time } from '../schema/fields.ts'

/**
 * A minimum viable routine: the least the couple still does in a rough week ("one ten-minute walk,
 * one goodnight"). Its own small collection rather than a kind of if-then plan, so every place that
 * lists if-then plans (the experiment of the week, the canvas) stays as it is.
 */
export interface Routine {
  id: string
  text: string
  /** The setback review it came from, '' if none. */
  setbackId: string
  createdAt: number
}

export function routinesMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('routines')
}

function readRoutine(id: string, record: Y.Map<unknown>): Routine {
  const createdAt = record.get('createdAt')
  return {
    id,
    text: readString(record, 'text'),
    setbackId: readString(record, 'setbackId'),
    createdAt: typeof createdAt === 'number' ? createdAt : 0,
  }
}

/** Every routine, oldest first. */
export function selectRoutines(doc: BoardDoc): Routine[] {
  const routines = recordEntries(routinesMap(doc)).map(([id, record]) => readRoutine(id, record))
  return routines.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
}

export function addRoutine(doc: BoardDoc, input: { text: string; setbackId?: string }): string {
  const id = newId('routine')
  mutate(doc, () => {
    routinesMap(doc).set(
      id,
      recordMap({ text: input.text, setbackId: input.setbackId ?? '', createdAt: boardClock.now() }),
    )
  })
  return id
}

export function updateRoutine(doc: BoardDoc, id: string, text: string): void {
  mutate(doc, () => {
    const record = recordAt(routinesMap(doc), id)
    if (record && record.get('text') !== text) record.set('text', text)
  })
}

export function removeRoutine(doc: BoardDoc, id: string): void {
  mutate(doc, () => routinesMap(doc).delete(id))
}

export const routineRecord = defineRecord({
  root: 'routines',
  shape: 'collection',
  writer: 'therapist',
  stamped: true,
  undo: true,
  fields: [
    field('text', text(SHORT_TEXT), 'therapist'),
    field('setbackId', idOrEmpty, 'therapist'),
    field('createdAt', time, 'therapist'),
  ],
  snapshot: { routines: selectRoutines },
})
