import { FormAlert } from '../account/FormAlert.tsx'
import { PlanGoals } from '../plan/PlanGoals.tsx'
import type { PartnerNames } from '../plan/names.ts'
import { ConnectionIndicator } from '../session/ConnectionIndicator.tsx'
import { SessionContext } from '../session/SessionContext.tsx'
import type { SessionContextValue } from '../session/SessionContext.tsx'
import type { CoupleSyncState } from './useCoupleSync.ts'

interface Props {
  live: CoupleSyncState
  context: SessionContextValue | null
  names: PartnerNames
}

/**
 * The couple's plan as it is now, live: what a partner updates from their phone between sessions
 * shows here as they type. The therapist changes the plan with the couple, on a session's board.
 */
export function CouplePlan({ live, context, names }: Props) {
  if (live.state === 'failed') {
    return (
      <section className="panel couple-panel" aria-labelledby="couple-plan-failed">
        <h2 id="couple-plan-failed">The plan</h2>
        <FormAlert message={`The plan could not be opened: ${live.message}`} />
      </section>
    )
  }
  if (!context) {
    return (
      <section className="panel couple-panel" aria-busy="true" aria-labelledby="couple-plan-loading">
        <h2 id="couple-plan-loading">The plan</h2>
        <p role="status" className="hint">
          Opening the plan…
        </p>
      </section>
    )
  }
  return (
    <SessionContext.Provider value={context}>
      <div className="couple-plan">
        <PlanGoals
          viewer="therapist"
          names={names}
          status={<ConnectionIndicator />}
          heading="The plan, live"
          intro="Goals with each partner’s yes, and the stepping stones with how they are going. Updates the partners make between sessions appear here as they make them."
        />
      </div>
    </SessionContext.Provider>
  )
}
