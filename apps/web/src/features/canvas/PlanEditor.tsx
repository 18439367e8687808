import { removePlan, updatePlan } from '@session-board/board'
import type { Goal, GoalOwner, PartnerRole, Plan } from '@session-board/board'
import { partnerName, useBoard, useSession } from '../session/SessionContext.tsx'
import { ownerChoices } from '../goals/owners.ts'
import { WordingNote, useWordingHints, wordingNoteId } from '../wording/WordingNote.tsx'

/** "If <condition>, then <action>": who does it, and which goal it protects. */
export function PlanEditor({ plan, goals }: { plan: Plan; goals: Goal[] }) {
  const { sync, canEdit } = useSession()
  const snapshot = useBoard()
  const id = (name: string) => `plan-${plan.id}-${name}`
  const name = (partner: PartnerRole) => partnerName(snapshot, partner)
  const conditionHints = useWordingHints(canEdit ? plan.condition : '')
  const actionHints = useWordingHints(canEdit ? plan.action : '')
  const owners = ownerChoices(name)

  return (
    <form className="plan-editor" onSubmit={(event) => event.preventDefault()}>
      <fieldset className="goal-form__fields" disabled={!canEdit}>
        <div className="field field--wide">
          <label htmlFor={id('condition')}>If…</label>
          <textarea
            id={id('condition')}
            rows={2}
            maxLength={500}
            value={plan.condition}
            placeholder="For example: the talk starts to get heated"
            aria-describedby={conditionHints.length > 0 ? wordingNoteId(id('condition')) : undefined}
            onChange={(event) => updatePlan(sync.doc, plan.id, { condition: event.target.value })}
          />
          {canEdit && <WordingNote fieldId={id('condition')} hints={conditionHints} />}
        </div>
        <div className="field field--wide">
          <label htmlFor={id('action')}>…then</label>
          <textarea
            id={id('action')}
            rows={2}
            maxLength={500}
            value={plan.action}
            placeholder="For example: we take twenty minutes apart and come back to it"
            aria-describedby={actionHints.length > 0 ? wordingNoteId(id('action')) : undefined}
            onChange={(event) => updatePlan(sync.doc, plan.id, { action: event.target.value })}
          />
          {canEdit && <WordingNote fieldId={id('action')} hints={actionHints} />}
        </div>
        <div className="field">
          <label htmlFor={id('owner')}>Who does it</label>
          <select
            id={id('owner')}
            value={plan.owner}
            onChange={(event) => updatePlan(sync.doc, plan.id, { owner: event.target.value as GoalOwner })}
          >
            {owners.map((owner) => (
              <option key={owner.value} value={owner.value}>
                {owner.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('goal')}>The goal it protects</label>
          <select
            id={id('goal')}
            value={plan.goalId}
            onChange={(event) => updatePlan(sync.doc, plan.id, { goalId: event.target.value })}
          >
            <option value="">No goal yet</option>
            {goals.map((goal) => (
              <option key={goal.id} value={goal.id}>
                {goal.title.trim() || 'Untitled goal'}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      {canEdit && (
        <div className="goal-form__footer">
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() => removePlan(sync.doc, plan.id)}
          >
            Remove plan
          </button>
        </div>
      )}
    </form>
  )
}
