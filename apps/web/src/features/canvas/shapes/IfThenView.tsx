import { stopEventPropagation, useEditor } from '@tldraw/tldraw'
import type { PartnerRole } from '@session-board/board'
import type { IfThenShape } from '@session-board/canvas'
import { partnerName, useBoard, useSession } from '../../session/SessionContext.tsx'
import { canvasHooks } from '../canvasHooks.ts'
import { ownerLabel } from '../../goals/owners.ts'

/** "If this happens, then we do that": a plan that protects one goal. */
export function IfThenView({ shape }: { shape: IfThenShape }) {
  const editor = useEditor()
  const { canEdit } = useSession()
  const snapshot = useBoard()
  const plan = snapshot.plans.find((candidate) => candidate.id === shape.props.planId)
  if (!plan) {
    return (
      <article className="if-then if-then--missing" aria-label="An if-then card whose plan is not here">
        <p>This plan is not on the board any more.</p>
      </article>
    )
  }
  const name = (partner: PartnerRole) => partnerName(snapshot, partner)
  const goal = snapshot.goals.find((candidate) => candidate.id === plan.goalId)
  const condition = plan.condition.trim() || '…'
  const action = plan.action.trim() || '…'
  const owner = ownerLabel(plan.owner, name)
  return (
    <article
      className="if-then"
      aria-roledescription="if-then plan"
      aria-label={`If ${condition}, then ${action}`}
      data-plan-id={plan.id}
    >
      <p className="if-then__line">
        <strong>If</strong> {condition},
      </p>
      <p className="if-then__line">
        <strong>then</strong> {action}
      </p>
      <p className="if-then__meta">
        {owner ? `Who: ${owner}` : 'No one named yet'}
        {' · '}
        {goal ? `Protects: ${goal.title.trim() || 'Untitled goal'}` : 'Not linked to a goal'}
      </p>
      <button
        type="button"
        className="goal-card__edit"
        onPointerDown={stopEventPropagation}
        onClick={() => canvasHooks(editor)?.open({ kind: 'plan', planId: plan.id })}
      >
        {canEdit ? 'Edit' : 'Details'}
        <span className="visually-hidden"> plan</span>
      </button>
    </article>
  )
}
