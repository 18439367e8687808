import { SCORES_ROOT, checkScoreWrite, checkWrite } from '@session-board/board'
import type { Change } from '../sync/changes.ts'
import type { SyncExtension, UpdateRefusal } from '../sync/extension.ts'
import { judgedChanges } from './judged.ts'
import { DocumentQuota } from './quota.ts'
import { refusal } from './refusals.ts'

/**
 * What a change to a partner's scores document would write, or null if it fits: one map `scores`,
 * keyed `${proposalId}/${criterionId}`, holding whole numbers 0..10 and nothing nested.
 */
function scoreProblem({ path, kind, content }: Change): string | null {
  if (path.keys.length > 1) return 'nested_type'
  const key = path.keys[0] ?? null
  if (kind === 'delete' || content?.kind === 'deleted')
    return checkScoreWrite(path.root, key, { kind: 'delete' })
  if (content?.kind === 'plain') return checkScoreWrite(path.root, key, content)
  return checkScoreWrite(path.root, key, { kind: 'other' })
}

/**
 * Every value an update writes fits its field (after the write rules said the person may write there
 * at all, so an observer hears that they are read-only, not why a value was off), and the document
 * stays within its size quota, which is checked last.
 */
export function valueChecks(options: { documentQuotaBytes: number }): SyncExtension {
  const quota = new DocumentQuota(options.documentQuotaBytes)
  return {
    name: 'valueChecks',
    checkUpdate({ who, doc, update, changes }): UpdateRefusal | null {
      if (who.target === 'scores') {
        const report = changes()
        if (!report.ok) return refusal('unclassified', report.problem)
        for (const change of report.changes) {
          const problem = scoreProblem(change)
          if (problem !== null) return refusal('invalid_score', `${SCORES_ROOT}:${problem}`)
        }
      } else if (who.target === 'board') {
        const report = changes()
        // The write rules refused an unresolved update already; nothing changed needs no room.
        if (!report.ok || report.changes.length === 0) return null
        for (const { path, kind, content } of judgedChanges(report.changes)) {
          const problem = checkWrite(path, kind, content)
          if (problem !== null) return refusal('invalid_value', `${path.root}:${problem}`)
        }
      }
      return quota.admits(doc, update) ? null : refusal('board_full', `${who.target}:quota`)
    },
  }
}
