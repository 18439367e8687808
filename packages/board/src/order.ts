import { generateKeyBetween } from 'fractional-indexing'

export interface Ordered {
  id: string
  position: string
}

/** The total order inside a column: by position, and by id where concurrent inserts chose the same key. */
export function compareOrdered(a: Ordered, b: Ordered): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/**
 * A position that sorts just before `items[index]` (items in order, without the item being placed).
 * Two people who moved cards at the same moment may have produced equal keys; a key strictly between
 * equal neighbours does not exist, so the new one goes after the run of equal keys instead.
 */
export function positionAt(items: readonly Ordered[], index: number): string {
  const at = Math.max(0, Math.min(index, items.length))
  const before = at > 0 ? (items[at - 1]?.position ?? null) : null
  let next = at
  while (before !== null && next < items.length && items[next]?.position === before) next++
  const after = items[next]?.position ?? null
  return generateKeyBetween(before, after)
}
