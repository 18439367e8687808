import type { Goal, Plan, Routine, Setback } from '@session-board/board'
import { describeUpgrade, upgradeOf } from '@session-board/board'

/** How a past review's plan upgrade reads in the list, so it can be found in the plan. */
export function upgradeLine(
  setback: Setback,
  plan: { goals: readonly Goal[]; plans: readonly Plan[]; routines: readonly Routine[] },
): string {
  if (setback.upgradeKind === '') return 'Not yet a plan upgrade'
  return describeUpgrade(upgradeOf(setback, plan))
}
