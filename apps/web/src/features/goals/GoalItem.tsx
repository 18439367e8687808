import { isAgreed } from '@session-board/board'
import type { Goal } from '@session-board/board'
import { GoalForm } from './GoalForm.tsx'
import { SmartMeter } from './SmartMeter.tsx'

interface Props {
  goal: Goal
  expanded: boolean
  onToggle: () => void
}

export function GoalItem({ goal, expanded, onToggle }: Props) {
  const agreed = isAgreed(goal)
  const title = goal.title.trim() || 'Untitled goal'
  const formId = `goal-form-${goal.id}`
  return (
    <li className={`goal${agreed ? ' goal--agreed' : ''}`}>
      <article aria-labelledby={`goal-title-${goal.id}`}>
        <div className="goal__summary">
          <div className="goal__heading">
            <h3 id={`goal-title-${goal.id}`} className="goal__title">
              {title}
            </h3>
            <div className="goal__tags">
              <span className="tag">{goal.kind === 'therapy' ? 'Therapy goal' : 'Life goal'}</span>
              {agreed ? (
                <span className="tag tag--agreed">Agreed</span>
              ) : (
                <span className="tag tag--pending">Not yet agreed</span>
              )}
            </div>
          </div>
          <SmartMeter goal={goal} id={`goal-meter-${goal.id}`} />
          <button
            type="button"
            className="button button--secondary button--small goal__toggle"
            aria-expanded={expanded}
            aria-controls={formId}
            aria-label={`${expanded ? 'Close' : 'Open'} details: ${title}`}
            onClick={onToggle}
          >
            {expanded ? 'Close details' : 'Open details'}
          </button>
        </div>
        {expanded && <GoalForm goal={goal} id={formId} />}
      </article>
    </li>
  )
}
