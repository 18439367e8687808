import type { Criterion } from '@session-board/board'
import { PartnerTotals, ProposalOptions, ScoreCell, cellClass } from './GridCells.tsx'
import type { GridControls } from './GridCells.tsx'
import type { ProposalRow } from './gridRows.ts'

/** The grid on a wide screen: a row per proposal, a column per criterion, and totals after the reveal. */
export function GridTable({
  rows,
  criteria,
  revealed,
  controls,
}: {
  rows: ProposalRow[]
  criteria: Criterion[]
  revealed: boolean
  controls: GridControls
}) {
  return (
    <div className="grid__scroll">
      <table className="grid__table">
        <caption className="visually-hidden">Proposals and their scores</caption>
        <thead>
          <tr>
            <th scope="col">Proposal</th>
            {criteria.map((criterion) => (
              <th scope="col" key={criterion.id}>
                {criterion.label}
              </th>
            ))}
            {revealed && <th scope="col">Total</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.proposal.id} data-proposal={row.proposal.title}>
              <th scope="row">
                <span className="grid__title">{row.proposal.title}</span>
                <ProposalOptions proposal={row.proposal} controls={controls} />
              </th>
              {row.cells.map((cell) => (
                <td key={cell.criterion.id} className={cellClass('grid__cell', cell)}>
                  <ScoreCell row={row} cell={cell} controls={controls} />
                </td>
              ))}
              {row.totals && (
                <td className="grid__total">
                  <PartnerTotals totals={row.totals} name={controls.name} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
