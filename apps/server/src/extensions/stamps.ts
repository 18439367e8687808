import type { Author } from '@session-board/board'
import { recordFor, stampRecord } from '@session-board/board'
import type { Change } from '../sync/changes.ts'
import type { SyncExtension } from '../sync/extension.ts'

type StampTarget = { root: string; recordId: string | null; created: boolean }

/** The records an accepted update touched, and whether it created them: what the server stamps. */
function stampTargets(changes: readonly Change[]): StampTarget[] {
  const touched = new Map<string, StampTarget>()
  for (const { path, kind } of changes) {
    const record = recordFor(path.root)
    if (!record?.stamped) continue
    const recordId = path.keys[0] ?? null
    let target: StampTarget | null = null
    if (record.shape === 'collection' && recordId !== null) {
      const wholeRecord = path.keys.length === 1
      // Removing a whole record leaves nothing to stamp; replacing it shows up as an insert too.
      if (wholeRecord && kind === 'delete') continue
      target = { root: path.root, recordId, created: wholeRecord }
    } else if (record.shape === 'singleton') {
      target = { root: path.root, recordId: null, created: false }
    }
    if (!target) continue
    const key = `${target.root}\u0000${target.recordId ?? ''}`
    const seen = touched.get(key)
    touched.set(key, { ...target, created: target.created || (seen?.created ?? false) })
  }
  return [...touched.values()]
}

/**
 * Who last changed each board record, stamped by the server in the same transaction as the change
 * itself: one stored row and one relayed frame, not a second write per edit. A stamp that would
 * change nothing (the same author again) is not written.
 */
export function stamps(): SyncExtension {
  return {
    name: 'stamps',
    stampUpdate({ who, changes }, doc) {
      if (who.target !== 'board' || who.identity.kind !== 'person') return
      const report = changes()
      if (!report.ok) return
      const author: Author = { id: who.identity.personId, role: who.identity.role }
      for (const target of stampTargets(report.changes)) stampRecord(doc, target, author, target.created)
    },
  }
}
