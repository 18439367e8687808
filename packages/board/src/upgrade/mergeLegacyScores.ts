import type { ScoresDoc } from '../records/grid.ts'
import { SCORES_ROOT, checkScoreWrite } from '../records/grid.ts'

/**
 * Copies a partner's private grid scores from a legacy session (`ses_x:scores:partnerA`) into their
 * scores for the couple (`cpl_x:scores:partnerA`), in one transaction; returns how many. A score the
 * couple's document already holds is kept (proposal ids belong to one board, so two boards never score
 * the same cell); a stored value that is not a score is left behind. The legacy document is not changed.
 */
export function mergeLegacyScores(coupleScores: ScoresDoc, legacyScores: ScoresDoc): number {
  let added = 0
  coupleScores.transact(() => {
    const into = coupleScores.getMap(SCORES_ROOT)
    legacyScores.getMap(SCORES_ROOT).forEach((value, key) => {
      if (into.has(key) || checkScoreWrite(SCORES_ROOT, key, { kind: 'plain', value }) !== null) return
      into.set(key, value)
      added++
    })
  })
  return added
}
