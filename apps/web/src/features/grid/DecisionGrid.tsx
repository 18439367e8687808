import { useState } from 'react'
import type { FormEvent } from 'react'
import {
  PARTNER_ROLES,
  addExperiment,
  addProposal,
  gridTotals,
  largestDifferences,
  markScored,
  removeProposal,
  setCriteria,
  setScore,
  updateProposal,
} from '@session-board/board'
import type { PartnerRole, Proposal } from '@session-board/board'
import { api, describeFailure } from '../../lib/api.ts'
import { partnerName, useBoard, useSession } from '../session/SessionContext.tsx'
import { useMyScores, useScoresSync } from './useScores.ts'
import './grid.css'

const protections = [
  { value: 'none', label: 'No protection' },
  { value: 'bothProtected', label: 'Both protected' },
  { value: 'sequenced', label: 'Sequenced' },
] as const

/**
 * The decision grid: proposals weighed by burden, benefit and risk. Each partner scores privately, in
 * a document only they and the server hold; the other sees only whether a cell is scored, until the
 * therapist reveals both sets at the same moment.
 */
export function DecisionGrid() {
  const { sync, me, canEdit, sessionId } = useSession()
  const snapshot = useBoard()
  const { proposals, grid } = snapshot
  const mine = me.role === 'partnerA' || me.role === 'partnerB' ? me.role : null
  const opening = useScoresSync(sessionId, mine !== null && canEdit)
  const myScores = useMyScores(opening)
  const [draft, setDraft] = useState('')
  const [message, setMessage] = useState('')
  const name = (partner: PartnerRole) => partnerName(snapshot, partner)
  const revealed = grid.revealed
  const totals = revealed ? gridTotals(revealed, proposals, grid.criteria) : null
  const differences = revealed ? largestDifferences(revealed, proposals, grid.criteria, 3) : []
  const differs = new Set(differences.map((cell) => `${cell.proposalId}/${cell.criterionId}`))

  const add = (event: FormEvent) => {
    event.preventDefault()
    if (!draft.trim()) return
    addProposal(sync.doc, draft.trim())
    setDraft('')
  }

  const score = (proposal: Proposal, criterionId: string, raw: string) => {
    if (!mine || opening.state !== 'open') return
    const value = raw === '' ? null : Math.max(0, Math.min(10, Math.round(Number(raw))))
    if (value !== null && Number.isNaN(value)) return
    setScore(opening.sync.doc, proposal.id, criterionId, value)
    markScored(sync.doc, mine, proposal.id, criterionId, value !== null)
  }

  const reveal = async (show: boolean) => {
    try {
      await api(
        'POST',
        `/api/sessions/${encodeURIComponent(sessionId)}/grid/${show ? 'reveal' : 'hide'}`,
        null,
        {
          therapistCall: true,
        },
      )
      setMessage(show ? 'Both partners’ scores are shown.' : 'The scores are private again.')
    } catch (error) {
      setMessage(describeFailure(error))
    }
  }

  const choose = (proposal: Proposal) => {
    addExperiment(sync.doc, { condition: '', action: proposal.title })
    setMessage(
      `“${proposal.title}” is now this week’s experiment: add its “if”, who does it and a review date.`,
    )
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
        <div className="grid__therapist" role="group" aria-label="Grid criteria and reveal">
          {grid.criteria.map((criterion, index) => (
            <label key={criterion.id} className="grid__criterion">
              <span className="visually-hidden">Criterion {index + 1}</span>
              <input
                value={criterion.label}
                maxLength={40}
                onChange={(event) =>
                  setCriteria(
                    sync.doc,
                    grid.criteria.map((c, at) => (at === index ? { ...c, label: event.target.value } : c)),
                  )
                }
              />
            </label>
          ))}
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() =>
              setCriteria(sync.doc, [
                ...grid.criteria,
                { id: `c${grid.criteria.length + 1}_${proposals.length}`, label: 'Another criterion' },
              ])
            }
          >
            Add a criterion
          </button>
          {revealed ? (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => void reveal(false)}
            >
              Hide the scores
            </button>
          ) : (
            <button
              type="button"
              className="button button--primary button--small"
              onClick={() => void reveal(true)}
            >
              Reveal both partners’ scores
            </button>
          )}
        </div>
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
      {opening.state === 'failed' && (
        <p className="notice">Your private scores could not be opened: {opening.message}</p>
      )}
      {proposals.length === 0 ? (
        <p className="empty">No proposals yet.</p>
      ) : (
        <div className="grid__scroll">
          <table className="grid__table">
            <caption className="visually-hidden">Proposals and their scores</caption>
            <thead>
              <tr>
                <th scope="col">Proposal</th>
                {grid.criteria.map((criterion) => (
                  <th scope="col" key={criterion.id}>
                    {criterion.label}
                  </th>
                ))}
                {totals && <th scope="col">Total</th>}
              </tr>
            </thead>
            <tbody>
              {proposals.map((proposal) => (
                <tr key={proposal.id} data-proposal={proposal.title}>
                  <th scope="row">
                    <span className="grid__title">{proposal.title}</span>
                    <ProposalOptions
                      proposal={proposal}
                      canEdit={canEdit}
                      onChoose={() => choose(proposal)}
                    />
                  </th>
                  {grid.criteria.map((criterion) => {
                    const key = `${proposal.id}/${criterion.id}`
                    return (
                      <td
                        key={criterion.id}
                        className={differs.has(key) ? 'grid__cell grid__cell--differs' : 'grid__cell'}
                      >
                        {mine && canEdit && !revealed && (
                          <input
                            type="number"
                            min={0}
                            max={10}
                            inputMode="numeric"
                            aria-label={`My ${criterion.label.toLowerCase()} score for ${proposal.title}, 0 to 10`}
                            value={myScores[proposal.id]?.[criterion.id] ?? ''}
                            disabled={opening.state !== 'open'}
                            onChange={(event) => score(proposal, criterion.id, event.target.value)}
                          />
                        )}
                        {revealed ? (
                          <span className="grid__both">
                            {PARTNER_ROLES.map((partner) => (
                              <span key={partner}>
                                {name(partner)} {revealed[partner][proposal.id]?.[criterion.id] ?? '–'}
                              </span>
                            ))}
                            {differs.has(key) && <strong className="grid__flag">Differ most</strong>}
                          </span>
                        ) : (
                          <span className="grid__status">
                            {PARTNER_ROLES.map((partner: PartnerRole) => (
                              <span key={partner}>
                                {name(partner)}:{' '}
                                {proposal.scored[partner][criterion.id] ? 'scored' : 'not yet'}
                              </span>
                            ))}
                          </span>
                        )}
                      </td>
                    )
                  })}
                  {totals && (
                    <td className="grid__total">
                      <span className="grid__both">
                        {PARTNER_ROLES.map((partner: PartnerRole) => (
                          <span key={partner}>
                            {name(partner)} {totals[proposal.id]?.[partner] ?? 0}
                          </span>
                        ))}
                      </span>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function ProposalOptions({
  proposal,
  canEdit,
  onChoose,
}: {
  proposal: Proposal
  canEdit: boolean
  onChoose: () => void
}) {
  const { sync } = useSession()
  if (!canEdit) {
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
      <button type="button" className="button button--secondary button--small" onClick={onChoose}>
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
