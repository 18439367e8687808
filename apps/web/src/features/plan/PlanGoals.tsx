import type { ReactNode } from 'react'
import type { Role } from '@session-board/protocol'
import { useBoard } from '../session/SessionContext.tsx'
import type { PartnerNames } from './names.ts'
import { PlanGoal } from './PlanGoal.tsx'
import './plan.css'

interface Props {
  /** Who is looking: a partner may give their own consent and update stepping stones; others read. */
  viewer: Role
  names: PartnerNames
  heading: string
  intro: string
  /** Shown beside the heading: the connection's state. */
  status?: ReactNode
}

/** The couple's goals with both consents and their stepping stones, live from the couple's document. */
export function PlanGoals({ viewer, names, heading, intro, status }: Props) {
  const { goals, stepsByGoal } = useBoard()
  return (
    <section className="panel plan-goals" aria-labelledby="plan-goals-heading">
      <div className="panel__head">
        <div className="plan-goals__head">
          <h2 id="plan-goals-heading">{heading}</h2>
          {status}
        </div>
        <p className="panel__intro">{intro}</p>
      </div>
      {goals.length === 0 ? (
        <p className="empty">No goals yet. They are written together in a session.</p>
      ) : (
        <ol className="plan-goals__list">
          {goals.map((goal) => (
            <PlanGoal
              key={goal.id}
              goal={goal}
              steps={stepsByGoal[goal.id] ?? []}
              viewer={viewer}
              names={names}
            />
          ))}
        </ol>
      )}
    </section>
  )
}
