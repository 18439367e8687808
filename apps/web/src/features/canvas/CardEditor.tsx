import { useEffect, useRef } from 'react'
import type { KeyboardEvent } from 'react'
import { useBoard } from '../session/SessionContext.tsx'
import { GoalForm } from '../goals/GoalForm.tsx'
import type { CardTarget } from './canvasHooks.ts'
import { PlanEditor } from './PlanEditor.tsx'
import { StepsEditor } from './StepsEditor.tsx'

interface Props {
  target: CardTarget
  onClose: () => void
}

/**
 * The editor of the card selected on the canvas, docked beside it (below it on a phone). It edits the
 * board's record, the same one the goals list shows; Escape or Done returns to the canvas.
 */
export function CardEditor({ target, onClose }: Props) {
  const snapshot = useBoard()
  const heading = useRef<HTMLHeadingElement>(null)
  const key = target.kind === 'plan' ? target.planId : target.goalId

  useEffect(() => {
    heading.current?.focus()
  }, [target.kind, key])

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation()
      onClose()
    }
  }

  let title: string
  let body = <p>This card’s record is no longer on the board.</p>
  if (target.kind === 'goal') {
    const goal = snapshot.goals.find((candidate) => candidate.id === target.goalId)
    title = 'Goal card'
    if (goal) body = <GoalForm goal={goal} id={`card-goal-${goal.id}`} />
  } else if (target.kind === 'steps') {
    const goal = snapshot.goals.find((candidate) => candidate.id === target.goalId)
    title = 'Stepping stones'
    if (goal) body = <StepsEditor goal={goal} steps={snapshot.stepsByGoal[goal.id] ?? []} />
  } else {
    const plan = snapshot.plans.find((candidate) => candidate.id === target.planId)
    title = 'If-then plan'
    if (plan) body = <PlanEditor plan={plan} goals={snapshot.goals} />
  }

  return (
    <aside className="card-editor" aria-labelledby="card-editor-heading" onKeyDown={onKeyDown}>
      <div className="card-editor__head">
        <h3 id="card-editor-heading" ref={heading} tabIndex={-1}>
          {title}
        </h3>
        <button type="button" className="button button--secondary button--small" onClick={onClose}>
          Done<span className="visually-hidden"> editing, back to the canvas</span>
        </button>
      </div>
      <div className="card-editor__body">{body}</div>
    </aside>
  )
}
