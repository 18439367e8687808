import type * as Y from 'yjs'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { cardsMap, mutate, readString, recordMap } from '../doc.ts'
import { newId } from '../ids.ts'
import { compareOrdered, positionAt } from '../order.ts'

export type Column = 'keep' | 'stop' | 'start'
export const COLUMNS: readonly Column[] = ['keep', 'stop', 'start']
export const columnLabels: Record<Column, string> = { keep: 'Keep', stop: 'Stop', start: 'Start' }

/** A review card. Its column and position are one value, so a move is never half-applied. */
export interface Card {
  id: string
  text: string
  column: Column
  position: string
  createdAt: number
}

interface Place {
  column: Column
  position: string
}

function isColumn(value: unknown): value is Column {
  return value === 'keep' || value === 'stop' || value === 'start'
}

function readPlace(record: Y.Map<unknown>): Place {
  const place = record.get('place') as Partial<Place> | undefined
  return {
    column: isColumn(place?.column) ? place.column : 'keep',
    position: typeof place?.position === 'string' ? place.position : '',
  }
}

export function readCard(id: string, record: Y.Map<unknown>): Card {
  const createdAt = record.get('createdAt')
  return {
    id,
    text: readString(record, 'text'),
    ...readPlace(record),
    createdAt: typeof createdAt === 'number' ? createdAt : 0,
  }
}

export function selectColumns(doc: BoardDoc): Record<Column, Card[]> {
  const columns: Record<Column, Card[]> = { keep: [], stop: [], start: [] }
  cardsMap(doc).forEach((record, id) => {
    const card = readCard(id, record)
    columns[card.column].push(card)
  })
  for (const column of COLUMNS) columns[column].sort(compareOrdered)
  return columns
}

function columnWithout(doc: BoardDoc, column: Column, id: string): Card[] {
  return selectColumns(doc)[column].filter((card) => card.id !== id)
}

export function addCard(doc: BoardDoc, input: { text: string; column: Column }): string {
  const id = newId('card')
  mutate(doc, () => {
    const cards = columnWithout(doc, input.column, id)
    const place: Place = { column: input.column, position: positionAt(cards, cards.length) }
    cardsMap(doc).set(id, recordMap({ text: input.text, place, createdAt: boardClock.now() }))
  })
  return id
}

export function updateCardText(doc: BoardDoc, id: string, text: string): void {
  mutate(doc, () => {
    const record = cardsMap(doc).get(id)
    if (record && record.get('text') !== text) record.set('text', text)
  })
}

/** Moves a card to `index` of `column`, counting the column's cards without the moved one. */
export function moveCard(doc: BoardDoc, id: string, column: Column, index: number): void {
  mutate(doc, () => {
    const record = cardsMap(doc).get(id)
    if (!record) return
    const place: Place = { column, position: positionAt(columnWithout(doc, column, id), index) }
    record.set('place', place)
  })
}

export function removeCard(doc: BoardDoc, id: string): void {
  mutate(doc, () => {
    cardsMap(doc).delete(id)
  })
}
