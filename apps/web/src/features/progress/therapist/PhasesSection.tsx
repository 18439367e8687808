import { useId, useState } from 'react'
import { boardClock, dayAt, movePhase, phaseForWeek, programWeek } from '@session-board/board'
import type { ProgressProblem } from '@session-board/board'
import { phaseLabels, treatmentPhases } from '@session-board/protocol'
import { useBoard, useSession } from '../../session/SessionContext.tsx'

const localToday = () => dayAt(boardClock.now(), -new Date().getTimezoneOffset())

/** The plan's phases with the week each starts, where the couple is now, and each goal's review date. */
export function PhasesSection({ programStart }: { programStart: string }) {
  const { sync } = useSession()
  const { phaseSchedule, goals } = useBoard()
  const [problem, setProblem] = useState<ProgressProblem | null>(null)
  const base = useId()
  const week = programWeek(programStart, localToday())

  return (
    <section className="panel progress-panel" aria-labelledby="phases-heading">
      <div className="panel__head">
        <h2 id="phases-heading">Phases and reviews</h2>
        {week !== null && week >= 0 && (
          <p className="phases__now">
            This is week {week + 1}: {phaseLabels[phaseForWeek(phaseSchedule, week)]}
          </p>
        )}
      </div>
      <table className="phases__table">
        <caption className="visually-hidden">The phases and the week each starts</caption>
        <thead>
          <tr>
            <th scope="col">Phase</th>
            <th scope="col">Starts in week</th>
          </tr>
        </thead>
        <tbody>
          {treatmentPhases.map((phase) => {
            const id = `${base}-${phase}`
            const refused = problem?.field === `phases.${phase}` ? problem.reason : null
            return (
              <tr key={phase}>
                <th scope="row">
                  <label htmlFor={id}>{phaseLabels[phase]}</label>
                </th>
                <td>
                  <input
                    id={id}
                    type="number"
                    min={0}
                    step={1}
                    // Weeks count from 0 inside the plan; people count them from 1.
                    value={phaseSchedule[phase] + 1}
                    disabled={phase === 'intake'}
                    aria-invalid={refused ? true : undefined}
                    aria-describedby={refused ? `${id}-problem` : undefined}
                    onChange={(e) => setProblem(movePhase(sync.doc, phase, Number(e.target.value) - 1))}
                  />
                  {refused && (
                    <p id={`${id}-problem`} className="field-error" role="alert">
                      {refused}
                    </p>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <h3>Goals’ review dates</h3>
      {goals.length === 0 ? (
        <p className="empty">No goals yet.</p>
      ) : (
        // The review date is part of a goal's SMART wording, so it is changed with the goal itself.
        <ul className="goal-reviews">
          {goals.map((goal) => (
            <li key={goal.id}>
              {goal.title || 'A goal without a title'}:{' '}
              {goal.reviewDate ? `review on ${goal.reviewDate}` : 'no review date yet'}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
