import { PARTNER_ROLES, removeProposal, updateProposal } from '@session-board/board'
import type { PartnerRole, Proposal } from '@session-board/board'
import { useSession } from '../session/SessionContext.tsx'
import type { GridCell, ProposalRow } from './gridRows.ts'

const protections = [
  { value: 'none', label: 'No protection' },
  { value: 'bothProtected', label: 'Both protected' },
  { value: 'sequenced', label: 'Sequenced' },
] as const

/** What the table and the cards share besides the rows: who may do what, and how a score is kept. */
export interface GridControls {
  /** A partner who may still score (before the reveal): their own inputs show. */
  scoring: boolean
  /** Their private scores document is open, so a score can be kept. */
  scoresReady: boolean
  canEdit: boolean
  name: (partner: PartnerRole) => string
  score: (proposal: Proposal, criterionId: string, raw: string) => void
  choose: (proposal: Proposal) => void
}

export const cellClass = (base: string, cell: GridCell) =>
  cell.differs ? `${base} grid__cell--differs` : base

/** One cell's content: this partner's own input, then who has scored, or both scores after the reveal. */
export function ScoreCell({
  row,
  cell,
  controls,
}: {
  row: ProposalRow
  cell: GridCell
  controls: GridControls
}) {
  const { proposal } = row
  const { criterion } = cell
  return (
    <>
      {controls.scoring && (
        <input
          type="number"
          min={0}
          max={10}
          inputMode="numeric"
          className="grid__score"
          aria-label={`My ${criterion.label.toLowerCase()} score for ${proposal.title}, 0 to 10`}
          value={cell.myScore ?? ''}
          disabled={!controls.scoresReady}
          onChange={(event) => controls.score(proposal, criterion.id, event.target.value)}
        />
      )}
      {cell.revealed ? (
        <span className="grid__both">
          {PARTNER_ROLES.map((partner) => (
            <span key={partner}>
              {controls.name(partner)} {cell.revealed?.[partner] ?? '–'}
            </span>
          ))}
          {cell.differs && <strong className="grid__flag">Differ most</strong>}
        </span>
      ) : (
        <span className="grid__status">
          {PARTNER_ROLES.map((partner) => (
            <span key={partner}>
              {controls.name(partner)}: {cell.scoredBy[partner] ? 'scored' : 'not yet'}
            </span>
          ))}
        </span>
      )}
    </>
  )
}

export function PartnerTotals({
  totals,
  name,
}: {
  totals: Record<PartnerRole, number>
  name: (partner: PartnerRole) => string
}) {
  return (
    <span className="grid__both">
      {PARTNER_ROLES.map((partner) => (
        <span key={partner}>
          {name(partner)} {totals[partner]}
        </span>
      ))}
    </span>
  )
}

/** A proposal's protection, and for those who may edit, choosing it as the experiment or removing it. */
export function ProposalOptions({ proposal, controls }: { proposal: Proposal; controls: GridControls }) {
  const { sync } = useSession()
  if (!controls.canEdit) {
    return proposal.protection === 'none' ? null : (
      <span className="grid__protection">
        {proposal.protection === 'bothProtected' ? 'Both protected' : `Sequenced: ${proposal.sequence}`}
      </span>
    )
  }
  return (
    <span className="grid__options">
      <select
        aria-label={`Protection for ${proposal.title}`}
        value={proposal.protection}
        onChange={(event) =>
          updateProposal(sync.doc, proposal.id, { protection: event.target.value as Proposal['protection'] })
        }
      >
        {protections.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {proposal.protection === 'sequenced' && (
        <input
          aria-label={`Order for ${proposal.title}`}
          placeholder="Who goes first, then"
          maxLength={120}
          value={proposal.sequence}
          onChange={(event) => updateProposal(sync.doc, proposal.id, { sequence: event.target.value })}
        />
      )}
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() => controls.choose(proposal)}
      >
        Choose<span className="visually-hidden"> {proposal.title}</span>
      </button>
      <button
        type="button"
        className="button button--quiet button--small"
        onClick={() => removeProposal(sync.doc, proposal.id)}
      >
        Remove<span className="visually-hidden"> {proposal.title}</span>
      </button>
    </span>
  )
}
