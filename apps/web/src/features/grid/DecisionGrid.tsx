import { useState } from 'react'
import type { FormEvent } from 'react'
import { addExperiment, addProposal, markScored, setScore } from '@session-board/board'
import type { PartnerRole, Proposal } from '@session-board/board'
import { usePhoneLayout } from '../../lib/useMediaQuery.ts'
import { partnerName, useBoard, useSession } from '../session/SessionContext.tsx'
import { CriteriaEditor } from './CriteriaEditor.tsx'
import type { GridControls } from './GridCells.tsx'
import { GridCards } from './GridCards.tsx'
import { GridTable } from './GridTable.tsx'
import { gridRows } from './gridRows.ts'
import { useMyScores, useScoresSync } from './useScores.ts'
import type { ScoresOpening } from './useScores.ts'
import './grid.css'

const scorerOf = (role: string): PartnerRole | null =>
  role === 'partnerA' || role === 'partnerB' ? role : null

/**
 * The decision grid: proposals weighed by burden, benefit and risk. Each partner scores privately, in
 * a document only they and the server hold; the other sees only whether a cell is scored, until the
 * therapist reveals both sets at the same moment.
 */
export function DecisionGrid() {
  const { me, canEdit, sessionId } = useSession()
  const opening = useScoresSync(sessionId, scorerOf(me.role) !== null && canEdit)
  return <DecisionGridPanel scores={opening} />
}

/** The grid around this partner's private scores as opened (nothing to open for anyone else). */
export function DecisionGridPanel({ scores }: { scores: ScoresOpening }) {
  const { sync, me, canEdit } = useSession()
  const snapshot = useBoard()
  const phone = usePhoneLayout()
  const myScores = useMyScores(scores)
  const [draft, setDraft] = useState('')
  const [message, setMessage] = useState('')
  const { proposals, grid } = snapshot
  const mine = scorerOf(me.role)
  const rows = gridRows(snapshot, myScores)

  const add = (event: FormEvent) => {
    event.preventDefault()
    if (!draft.trim()) return
    addProposal(sync.doc, draft.trim())
    setDraft('')
  }

  const controls: GridControls = {
    scoring: mine !== null && canEdit && !grid.revealed,
    scoresReady: scores.state === 'open',
    canEdit,
    name: (partner) => partnerName(snapshot, partner),
    score: (proposal, criterionId, raw) => {
      if (!mine || scores.state !== 'open') return
      const value = raw === '' ? null : Math.max(0, Math.min(10, Math.round(Number(raw))))
      if (value !== null && Number.isNaN(value)) return
      setScore(scores.sync.doc, proposal.id, criterionId, value)
      markScored(sync.doc, mine, proposal.id, criterionId, value !== null)
    },
    choose: (proposal: Proposal) => {
      addExperiment(sync.doc, { condition: '', action: proposal.title })
      setMessage(
        `“${proposal.title}” is now this week’s experiment: add its “if”, who does it and a review date.`,
      )
    },
  }

  return (
    <section className="panel grid" aria-labelledby="grid-heading">
      <div className="panel__head">
        <h2 id="grid-heading">Decision grid</h2>
        <p className="panel__intro">
          Each proposal is weighed for its burden, benefit and risk, from 0 to 10. Your scores stay private
          until the therapist shows both partners’ scores at the same moment.
        </p>
      </div>
      {me.role === 'therapist' && (
        <CriteriaEditor grid={grid} proposalCount={proposals.length} onMessage={setMessage} />
      )}
      {canEdit && (
        <form className="add-row" onSubmit={add}>
          <label htmlFor="new-proposal" className="add-row__label">
            New proposal
          </label>
          <input
            id="new-proposal"
            value={draft}
            maxLength={200}
            placeholder="For example: Sunday evenings without work email"
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" className="button button--primary" disabled={!draft.trim()}>
            Add proposal
          </button>
        </form>
      )}
      <p className="grid__message" aria-live="polite">
        {message}
      </p>
      {scores.state === 'failed' && (
        <p className="notice">Your private scores could not be opened: {scores.message}</p>
      )}
      {proposals.length === 0 ? (
        <p className="empty">
          {canEdit
            ? 'No proposals yet. Add one, and each partner scores it on their own.'
            : 'No proposals yet. They appear here once someone adds one.'}
        </p>
      ) : phone ? (
        <GridCards rows={rows} controls={controls} />
      ) : (
        <GridTable
          rows={rows}
          criteria={grid.criteria}
          revealed={grid.revealed !== null}
          controls={controls}
        />
      )}
    </section>
  )
}
