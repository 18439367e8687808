import { useState } from 'react'
import type { FormEvent } from 'react'
import {
  COLUMNS,
  addExperiment,
  chooseExperiment,
  experimentGaps,
  pickExperiment,
  updatePlan,
} from '@session-board/board'
import type { ExperimentGap, GoalOwner, Plan } from '@session-board/board'
import { ownerChoices, ownerLabel } from '../goals/owners.ts'
import { partnerName, useBoard, useSession } from '../session/SessionContext.tsx'

const gapLabels: Record<ExperimentGap, string> = {
  condition: 'the “if”',
  action: 'the “then”',
  owner: 'who does it',
  reviewDate: 'a review date',
}

const planLabel = (plan: Plan) => `If ${plan.condition.trim() || '…'}, then ${plan.action.trim() || '…'}`

function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number)
  return new Date(year ?? 0, (month ?? 1) - 1, day ?? 1).toLocaleDateString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  })
}

/**
 * The end of the review: exactly one if-then plan to try this week, with who does it and when the
 * couple looks at how it went. Anyone who may write can choose an existing plan or write a new one.
 */
export function ExperimentPicker() {
  const { sync, canEdit } = useSession()
  const snapshot = useBoard()
  const { plans, columns } = snapshot
  const chosen = pickExperiment(plans)
  const name = (partner: 'partnerA' | 'partnerB') => partnerName(snapshot, partner)
  const owners = ownerChoices(name)
  const cards = COLUMNS.flatMap((column) => columns[column]).filter((card) => card.text.trim())
  const [planId, setPlanId] = useState('')
  const [fromCard, setFromCard] = useState('')
  const [draft, setDraft] = useState({ condition: '', action: '', owner: '' as GoalOwner, reviewDate: '' })
  const gaps = chosen ? experimentGaps(chosen) : []

  const startFromCard = (cardId: string) => {
    setFromCard(cardId)
    const card = cards.find((candidate) => candidate.id === cardId)
    if (card)
      setDraft((current) => ({ ...current, action: card.text.trim(), owner: card.owner || current.owner }))
  }

  const writeNew = (event: FormEvent) => {
    event.preventDefault()
    if (!draft.condition.trim() || !draft.action.trim()) return
    addExperiment(sync.doc, { ...draft, condition: draft.condition.trim(), action: draft.action.trim() })
    setDraft({ condition: '', action: '', owner: '', reviewDate: '' })
    setFromCard('')
  }

  return (
    <section className="experiment-picker" aria-labelledby="experiment-picker-heading">
      <h3 id="experiment-picker-heading">The experiment for this week</h3>
      <p className="field-hint">
        One if-then plan to try before the next session, with who does it and a review date.
      </p>

      <div className="experiment-summary" role="group" aria-label="Chosen experiment">
        {chosen ? (
          <>
            <p className="experiment-summary__plan">{planLabel(chosen)}.</p>
            <p className="experiment-summary__meta">
              <span>Who: {ownerLabel(chosen.owner, name) || 'not chosen yet'}</span>
              <span>
                Review on:{' '}
                {chosen.reviewDate ? (
                  <time dateTime={chosen.reviewDate}>{formatDate(chosen.reviewDate)}</time>
                ) : (
                  'not set yet'
                )}
              </span>
            </p>
            {gaps.length > 0 && (
              <p className="experiment-summary__missing">
                Still missing: {gaps.map((gap) => gapLabels[gap]).join(', ')}.
              </p>
            )}
            {canEdit && gaps.length > 0 && (
              <div className="experiment-summary__fix">
                {gaps.includes('condition') && (
                  <div className="card-details__field">
                    <label htmlFor="experiment-condition">If…</label>
                    <input
                      id="experiment-condition"
                      maxLength={500}
                      placeholder="For example: stress is 7 or more at 6 pm"
                      defaultValue={chosen.condition}
                      onBlur={(event) =>
                        updatePlan(sync.doc, chosen.id, { condition: event.target.value.trim() })
                      }
                      onKeyDown={(event) => {
                        if (event.key === 'Enter') event.currentTarget.blur()
                      }}
                    />
                  </div>
                )}
                <div className="card-details__field">
                  <label htmlFor="experiment-owner">Who does it</label>
                  <select
                    id="experiment-owner"
                    value={chosen.owner}
                    onChange={(event) =>
                      updatePlan(sync.doc, chosen.id, { owner: event.target.value as GoalOwner })
                    }
                  >
                    {owners.map((owner) => (
                      <option key={owner.value} value={owner.value}>
                        {owner.label}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="card-details__field">
                  <label htmlFor="experiment-review-date">When to review it</label>
                  <input
                    id="experiment-review-date"
                    type="date"
                    value={chosen.reviewDate}
                    onChange={(event) => updatePlan(sync.doc, chosen.id, { reviewDate: event.target.value })}
                  />
                </div>
              </div>
            )}
          </>
        ) : (
          <p>No experiment chosen yet.</p>
        )}
      </div>

      {canEdit && (
        <div className="experiment-picker__ways">
          <form
            className="experiment-picker__way"
            onSubmit={(event) => {
              event.preventDefault()
              if (planId) chooseExperiment(sync.doc, planId)
            }}
          >
            <h4>Pick an existing if-then plan</h4>
            {plans.length === 0 ? (
              <p className="field-hint">No if-then plan yet: write one here or on the goal canvas.</p>
            ) : (
              <>
                <label htmlFor="experiment-existing" className="visually-hidden">
                  Existing if-then plan
                </label>
                <select
                  id="experiment-existing"
                  value={planId}
                  onChange={(event) => setPlanId(event.target.value)}
                >
                  <option value="">Choose a plan…</option>
                  {plans.map((plan) => (
                    <option key={plan.id} value={plan.id}>
                      {planLabel(plan)}
                    </option>
                  ))}
                </select>
                <button type="submit" className="button button--secondary button--small" disabled={!planId}>
                  Make it this week’s experiment
                </button>
              </>
            )}
          </form>

          <form className="experiment-picker__way" onSubmit={writeNew}>
            <h4>Or write a new one</h4>
            {cards.length > 0 && (
              <div className="card-details__field">
                <label htmlFor="experiment-from-card">Start from a card</label>
                <select
                  id="experiment-from-card"
                  value={fromCard}
                  onChange={(event) => startFromCard(event.target.value)}
                >
                  <option value="">No card</option>
                  {cards.map((card) => (
                    <option key={card.id} value={card.id}>
                      {card.text.trim()}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="card-details__field">
              <label htmlFor="experiment-if">If…</label>
              <input
                id="experiment-if"
                value={draft.condition}
                maxLength={200}
                placeholder="stress is 7 or more at 6 pm"
                onChange={(event) => setDraft({ ...draft, condition: event.target.value })}
              />
            </div>
            <div className="card-details__field">
              <label htmlFor="experiment-then">then…</label>
              <input
                id="experiment-then"
                value={draft.action}
                maxLength={200}
                placeholder="10 minutes of breathing together"
                onChange={(event) => setDraft({ ...draft, action: event.target.value })}
              />
            </div>
            <div className="card-details__field">
              <label htmlFor="experiment-new-owner">Who</label>
              <select
                id="experiment-new-owner"
                value={draft.owner}
                onChange={(event) => setDraft({ ...draft, owner: event.target.value as GoalOwner })}
              >
                {owners.map((owner) => (
                  <option key={owner.value} value={owner.value}>
                    {owner.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="card-details__field">
              <label htmlFor="experiment-new-date">Review date</label>
              <input
                id="experiment-new-date"
                type="date"
                value={draft.reviewDate}
                onChange={(event) => setDraft({ ...draft, reviewDate: event.target.value })}
              />
            </div>
            <button
              type="submit"
              className="button button--secondary button--small"
              disabled={!draft.condition.trim() || !draft.action.trim()}
            >
              Choose this experiment
            </button>
          </form>
        </div>
      )}
    </section>
  )
}
