import type { Author } from '@session-board/board'
import { recordFor, stampRecord } from '@session-board/board'
import type { Change } from '../sync/changes.ts'
import type { IncomingUpdate, SyncExtension } from '../sync/extension.ts'

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

type Stamp = { target: StampTarget; creator: Author | null; author: Author }

/**
 * Who created and who last changed each board record, stamped by the server. The stamps are coalesced:
 * one server row stamps every edit accepted in the last second, instead of a second stored and relayed
 * write per edit. A record that was just created is stamped in the row of the update that created it,
 * so its author shows with it. A stamp that would change nothing (the same author again) is not written.
 */
export function stamps(): SyncExtension {
  // Worked out once, before the update goes in (what it creates is judged against the board before it).
  const targetsOf = new WeakMap<IncomingUpdate, StampTarget[]>()
  const targets = (incoming: IncomingUpdate): StampTarget[] => {
    let found = targetsOf.get(incoming)
    if (found) return found
    const { who, changes } = incoming
    found = []
    if (who.target === 'board' && who.identity.kind === 'person') {
      const report = changes()
      if (report.ok) found = stampTargets(report.changes)
    }
    targetsOf.set(incoming, found)
    return found
  }
  return {
    name: 'stamps',
    stampDelay(incoming) {
      const found = targets(incoming)
      if (found.length === 0) return null
      return found.some((target) => target.created) ? 0 : STAMP_COALESCE_MS
    },
    stampUpdates(accepted, doc) {
      // The last author of each record wins; its creator is whoever created it first in the run.
      const stampsByRecord = new Map<string, Stamp>()
      for (const incoming of accepted) {
        const { identity } = incoming.who
        if (identity.kind !== 'person') continue
        const author: Author = { id: identity.personId, role: identity.role }
        for (const target of targets(incoming)) {
          const key = `${target.root}\u0000${target.recordId ?? ''}`
          const creator = stampsByRecord.get(key)?.creator ?? (target.created ? author : null)
          stampsByRecord.set(key, { target, creator, author })
        }
      }
      for (const { target, creator, author } of stampsByRecord.values()) {
        if (creator) stampRecord(doc, target, creator, true)
        stampRecord(doc, target, author, false)
      }
    },
  }
}
