import { COLUMNS } from '@session-board/board'
import type { Column } from '@session-board/board'

/** Droppable ids of the columns themselves, kept apart from card ids. */
export const columnDropId = (column: Column) => `column:${column}`

export function columnOfDropId(id: string): Column | null {
  const name = id.startsWith('column:') ? id.slice('column:'.length) : ''
  return (COLUMNS as readonly string[]).includes(name) ? (name as Column) : null
}

export type ColumnItems = Record<Column, string[]>

export function findColumn(items: ColumnItems, id: string): Column | null {
  const asColumn = columnOfDropId(id)
  if (asColumn) return asColumn
  return COLUMNS.find((column) => items[column].includes(id)) ?? null
}
