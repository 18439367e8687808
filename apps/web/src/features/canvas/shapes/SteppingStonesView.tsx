import { Fragment } from 'react'
import { stopEventPropagation, useEditor } from '@tldraw/tldraw'
import type { SteppingStonesShape } from '@session-board/canvas'
import { useBoard, useSession } from '../../session/SessionContext.tsx'
import { canvasHooks } from '../canvasHooks.ts'
import { stepStatusLabels } from '@session-board/board'

/** A long-term goal and the short steps toward it, in order, joined by arrows. */
export function SteppingStonesView({ shape }: { shape: SteppingStonesShape }) {
  const editor = useEditor()
  const { canEdit } = useSession()
  const snapshot = useBoard()
  const goal = snapshot.goals.find((candidate) => candidate.id === shape.props.goalId)
  const steps = snapshot.stepsByGoal[shape.props.goalId] ?? []
  const title = goal?.title.trim() || 'Untitled long-term goal'
  const done = steps.filter((step) => step.status === 'done').length

  return (
    <article
      className="stones"
      aria-roledescription="stepping stones"
      aria-label={`Stepping stones toward: ${title}`}
      data-goal-id={shape.props.goalId}
    >
      <header className="stones__head">
        <p className="stones__eyebrow">
          Stepping stones · {done} of {steps.length} done
        </p>
        <button
          type="button"
          className="goal-card__edit"
          onPointerDown={stopEventPropagation}
          onClick={() => canvasHooks(editor)?.open({ kind: 'steps', goalId: shape.props.goalId })}
        >
          {canEdit ? 'Edit steps' : 'Details'}
          <span className="visually-hidden"> toward {title}</span>
        </button>
      </header>
      <ol className="stones__path">
        {steps.map((step, index) => (
          <Fragment key={step.id}>
            <li className={`stone stone--${step.status}`} data-step-id={step.id}>
              <span className="stone__number" aria-hidden="true">
                {index + 1}
              </span>
              <span className="stone__title">{step.title.trim() || 'Untitled step'}</span>
              <span className="stone__status">{stepStatusLabels[step.status]}</span>
              {(step.sinceDone || step.sinceWhyNot || step.sinceNext) && (
                <span className="stone__since">
                  {step.sinceDone && <span>Done: {step.sinceDone}</span>}
                  {step.sinceWhyNot && <span>Why not: {step.sinceWhyNot}</span>}
                  {step.sinceNext && <span>Next: {step.sinceNext}</span>}
                </span>
              )}
            </li>
            <li className="stones__arrow" aria-hidden="true">
              →
            </li>
          </Fragment>
        ))}
        <li className="stone stone--destination">
          <span className="stone__eyebrow">Long-term goal</span>
          <span className="stone__title">{title}</span>
        </li>
      </ol>
      {steps.length === 0 && <p className="stones__empty">No steps yet. Edit to add the first small step.</p>}
    </article>
  )
}
