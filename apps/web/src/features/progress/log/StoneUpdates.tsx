import { useMemo } from 'react'
import type { Presence } from '@session-board/protocol'
import type { SessionSync } from '../../../lib/sync.ts'
import { StepProgress } from '../../plan/StepProgress.tsx'
import { SessionContext, useBoard } from '../../session/SessionContext.tsx'
import type { SessionContextValue } from '../../session/SessionContext.tsx'

interface Props {
  sessionId: string
  sync: SessionSync
  me: Presence
}

/** The plan's stepping stones, to note how each went since the session: written to the plan as typed. */
export function StoneUpdates({ sessionId, sync, me }: Props) {
  const context = useMemo<SessionContextValue>(
    () => ({ sessionId, sync, me, canEdit: false }),
    [sessionId, sync, me],
  )
  return (
    <SessionContext.Provider value={context}>
      <Stones />
    </SessionContext.Provider>
  )
}

function Stones() {
  const { goals, stepsByGoal } = useBoard()
  const open = goals
    .map((goal) => ({ goal, steps: stepsByGoal[goal.id] ?? [] }))
    .filter(({ steps }) => steps.length > 0)
  if (open.length === 0) return null
  return (
    <section className="panel log-stones" aria-labelledby="log-stones-heading">
      <h2 id="log-stones-heading">Stepping stones</h2>
      <p className="panel__intro">
        Saved as you type, straight into your plan (this part needs a connection).
      </p>
      {open.map(({ goal, steps }) => (
        <div key={goal.id} className="log-stones__goal">
          <h3>{goal.title.trim() || 'A goal'}</h3>
          <ol className="plan-stones">
            {steps.map((step, index) => (
              <StepProgress key={step.id} step={step} index={index} />
            ))}
          </ol>
        </div>
      ))}
    </section>
  )
}
