import type { Announcements, ScreenReaderInstructions } from '@dnd-kit/core'
import { columnLabels } from '@session-board/board'
import type { MutableRefObject } from 'react'
import { findColumn } from './columnIds.ts'
import type { ColumnItems } from './columnIds.ts'

export const screenReaderInstructions: ScreenReaderInstructions = {
  draggable:
    'To move this card, press Space. Then use the arrow keys: up and down change its place in the column, ' +
    'left and right take it to the next column. Press Space again to put it down, or Escape to leave it where it was.',
}

/** Where a card sits right now, in words: "Stop, place 2 of 3". */
export function describePlace(items: ColumnItems, id: string): string {
  const column = findColumn(items, id)
  if (!column) return 'outside the columns'
  const index = items[column].indexOf(id)
  return `${columnLabels[column]}, place ${index + 1} of ${items[column].length}`
}

/** Where the held card would land if put down now. */
function describeTarget(items: ColumnItems, activeId: string, overId: string): string {
  const column = findColumn(items, overId)
  if (!column) return 'outside the columns'
  const list = items[column]
  const index =
    overId === activeId || list.indexOf(overId) < 0 ? list.indexOf(activeId) : list.indexOf(overId)
  const total = list.includes(activeId) ? list.length : list.length + 1
  return `${columnLabels[column]}, place ${(index < 0 ? list.length : index) + 1} of ${total}`
}

export function createAnnouncements(
  itemsRef: MutableRefObject<ColumnItems>,
  textOf: (id: string) => string,
): Announcements {
  const name = (id: string | number) => `Card “${textOf(String(id)) || 'empty'}”`
  return {
    onDragStart: ({ active }) =>
      `${name(active.id)} picked up, in ${describePlace(itemsRef.current, String(active.id))}.`,
    onDragOver: ({ active, over }) =>
      over
        ? `${name(active.id)} is over ${describeTarget(itemsRef.current, String(active.id), String(over.id))}.`
        : `${name(active.id)} is not over a column.`,
    onDragEnd: ({ active, over }) =>
      over
        ? `${name(active.id)} put down in ${describePlace(itemsRef.current, String(active.id))}.`
        : `${name(active.id)} put down where it was.`,
    onDragCancel: ({ active }) => `Moving stopped. ${name(active.id)} stays where it was.`,
  }
}
