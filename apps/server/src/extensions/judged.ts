import { recordFor } from '@session-board/board'
import type { Change } from '../sync/changes.ts'

/**
 * Removing a whole record also deletes every field inside it, the server's stamps and each partner's
 * consent included. That is one shared act, judged once at the record; the fields it takes with it are
 * not judged again. Fields written (inserted) in the same update are still judged one by one.
 */
export function judgedChanges(changes: readonly Change[]): readonly Change[] {
  const removed = new Set<string>()
  for (const { path, kind } of changes) {
    if (kind === 'delete' && path.keys.length === 1 && recordFor(path.root)?.shape === 'collection') {
      removed.add(`${path.root}\u0000${path.keys[0]}`)
    }
  }
  if (removed.size === 0) return changes
  return changes.filter(
    ({ path, kind }) =>
      !(kind === 'delete' && path.keys.length > 1 && removed.has(`${path.root}\u0000${path.keys[0]}`)),
  )
}
