import type { Author } from '@session-board/board'
import { recordFor, stampRecord } from '@session-board/board'
import type { Change } from '../sync/changes.ts'
import type { StampedRecord, SyncExtension } from '../sync/extension.ts'

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

/** A changed record's stamp waits this long, so that one row stamps a run of edits (typing, dragging). */
export const STAMP_COALESCE_MS = 1000

/**
 * Who created and who last changed each board record, stamped by the server. The stamps are coalesced:
 * one server row stamps every edit accepted in the last second, instead of a second stored and relayed
 * write per edit. A record that was just created is stamped in the row of the update that created it,
 * so its author shows with it. A stamp that would change nothing (the same author again) is not written.
 */
export function stamps(): SyncExtension {
  return {
    name: 'stamps',
    stampsFor({ who, changes }) {
      if (who.target !== 'board' || who.identity.kind !== 'person') return null
      const report = changes()
      if (!report.ok) return null
      const author = { id: who.identity.personId, role: who.identity.role }
      const records = stampTargets(report.changes).map((target) => ({ ...target, author }))
      if (records.length === 0) return null
      return { dueInMs: records.some(({ created }) => created) ? 0 : STAMP_COALESCE_MS, records }
    },
    writeStamps(records, doc) {
      // The last author of each record wins; its creator is whoever created it first in the run.
      const byRecord = new Map<string, { record: StampedRecord; creator: Author | null }>()
      for (const record of records) {
        const key = `${record.root}\u0000${record.recordId ?? ''}`
        const creator = byRecord.get(key)?.creator ?? (record.created ? record.author : null)
        byRecord.set(key, { record, creator })
      }
      for (const { record, creator } of byRecord.values()) {
        if (creator) stampRecord(doc, record, creator, true)
        stampRecord(doc, record, record.author, false)
      }
    },
  }
}
