import { PARTNER_ROLES, gridTotals, largestDifferences } from '@session-board/board'
import type { BoardSnapshot, Criterion, PartnerRole, Proposal, Scores } from '@session-board/board'

/** One proposal's score for one criterion, as this person may see it. */
export interface GridCell {
  criterion: Criterion
  /** This person's own score from their private document; null when they have none there. */
  myScore: number | null
  /** Which partners have scored it: the shared document holds that, never the value. */
  scoredBy: Record<PartnerRole, boolean>
  /** Both partners' scores, once the therapist has revealed them; null until then. */
  revealed: Record<PartnerRole, number | null> | null
  /** Among the cells where the partners' revealed scores differ most. */
  differs: boolean
}

/** One proposal and its cells, shown as a table row on a wide screen and as a card on a phone. */
export interface ProposalRow {
  proposal: Proposal
  cells: GridCell[]
  /** Each partner's total after the reveal; null before it. */
  totals: Record<PartnerRole, number> | null
}

/**
 * The grid as this person may see it. It reads only the shared board and their own private scores
 * (empty for anyone who does not score), so the other partner's unrevealed scores cannot reach a row.
 */
export function gridRows(
  { proposals, grid }: Pick<BoardSnapshot, 'proposals' | 'grid'>,
  myScores: Scores,
): ProposalRow[] {
  const { criteria, revealed } = grid
  const totals = revealed ? gridTotals(revealed, proposals, criteria) : null
  const differences = revealed ? largestDifferences(revealed, proposals, criteria, 3) : []
  const differs = new Set(differences.map((cell) => `${cell.proposalId}/${cell.criterionId}`))
  const byPartner = <T>(value: (partner: PartnerRole) => T) =>
    Object.fromEntries(PARTNER_ROLES.map((partner) => [partner, value(partner)])) as Record<PartnerRole, T>

  return proposals.map((proposal) => ({
    proposal,
    cells: criteria.map((criterion) => ({
      criterion,
      myScore: myScores[proposal.id]?.[criterion.id] ?? null,
      scoredBy: byPartner((partner) => proposal.scored[partner][criterion.id] === true),
      revealed: revealed
        ? byPartner((partner) => revealed[partner][proposal.id]?.[criterion.id] ?? null)
        : null,
      differs: differs.has(`${proposal.id}/${criterion.id}`),
    })),
    totals: totals ? byPartner((partner) => totals[proposal.id]?.[partner] ?? 0) : null,
  }))
}
