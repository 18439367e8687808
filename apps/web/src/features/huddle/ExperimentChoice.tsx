import { chooseExperiment, setExperiment } from '@session-board/board'
import { useBoard, useSession } from '../session/SessionContext.tsx'

/** Choose an experiment: exactly one if-then plan leaves this part, picked by the therapist. */
export function ExperimentChoice() {
  const { sync, me } = useSession()
  const { plans, huddle } = useBoard()
  // One experiment for the week: the huddle's choice is also the review's, and the other way round.
  const chosen =
    plans.find((plan) => plan.id === huddle.experimentPlanId) ?? plans.find((plan) => plan.experimentOfWeek)
  const label = (plan: (typeof plans)[number]) => `If ${plan.condition || '…'}, then ${plan.action || '…'}`
  if (me.role !== 'therapist') {
    return (
      <p className="experiment">
        {chosen ? (
          <>
            This week’s experiment: <strong>{label(chosen)}</strong>
          </>
        ) : (
          'Make an if-then plan on the goal canvas; the therapist marks the one you will try this week.'
        )}
      </p>
    )
  }
  return (
    <div className="field experiment">
      <label htmlFor="huddle-experiment">This week’s experiment (one if-then plan)</label>
      {plans.length === 0 ? (
        <p className="field-hint">No if-then plan yet: add one on the goal canvas.</p>
      ) : (
        <select
          id="huddle-experiment"
          value={chosen?.id ?? ''}
          onChange={(event) => {
            setExperiment(sync.doc, event.target.value)
            if (event.target.value) chooseExperiment(sync.doc, event.target.value)
          }}
        >
          <option value="">Not chosen yet</option>
          {plans.map((plan) => (
            <option key={plan.id} value={plan.id}>
              {label(plan)}
            </option>
          ))}
        </select>
      )}
    </div>
  )
}
