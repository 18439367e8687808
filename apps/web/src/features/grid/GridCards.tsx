import { PartnerTotals, ProposalOptions, ScoreCell, cellClass } from './GridCells.tsx'
import type { GridControls } from './GridCells.tsx'
import type { ProposalRow } from './gridRows.ts'

/** The grid on a phone: one card per proposal, its criteria listed one under another. */
export function GridCards({ rows, controls }: { rows: ProposalRow[]; controls: GridControls }) {
  return (
    <ul className="grid-cards" aria-label="Proposals and their scores">
      {rows.map((row) => {
        const { proposal } = row
        return (
          <li key={proposal.id} className="grid-card" data-proposal={proposal.title}>
            <h3 className="grid-card__title">{proposal.title}</h3>
            <ProposalOptions proposal={proposal} controls={controls} />
            <ul className="grid-card__criteria" aria-label={`Scores for ${proposal.title}`}>
              {row.cells.map((cell) => (
                <li key={cell.criterion.id} className={cellClass('grid-card__criterion', cell)}>
                  <h4 className="grid-card__criterion-name">{cell.criterion.label}</h4>
                  <ScoreCell row={row} cell={cell} controls={controls} />
                </li>
              ))}
            </ul>
            {row.totals && (
              <p className="grid-card__total grid__total">
                <strong>Total</strong>
                <PartnerTotals totals={row.totals} name={controls.name} />
              </p>
            )}
          </li>
        )
      })}
    </ul>
  )
}
