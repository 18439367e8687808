import { PARTNER_ROLES, isAgreed, setConsent, stepStatusLabels } from '@session-board/board'
import type { Goal, PartnerRole, Step } from '@session-board/board'
import type { Role } from '@session-board/protocol'
import { useSession } from '../session/SessionContext.tsx'
import { nameOf } from './names.ts'
import type { PartnerNames } from './names.ts'
import { StepProgress } from './StepProgress.tsx'

const isPartner = (role: Role): role is PartnerRole => role === 'partnerA' || role === 'partnerB'

interface Props {
  goal: Goal
  steps: Step[]
  viewer: Role
  names: PartnerNames
}

/** One goal: its wording as agreed, each partner's yes, and its stepping stones. */
export function PlanGoal({ goal, steps, viewer, names }: Props) {
  const agreed = isAgreed(goal)
  const title = goal.title.trim() || 'Untitled goal'
  const titleId = `plan-goal-${goal.id}`
  const done = steps.filter((step) => step.status === 'done').length

  return (
    <li className={`goal plan-goal${agreed ? ' goal--agreed' : ''}`}>
      <article aria-labelledby={titleId}>
        <div className="plan-goal__head">
          <h3 id={titleId} className="goal__title">
            {title}
          </h3>
          {agreed ? (
            <span className="tag tag--agreed">Agreed</span>
          ) : (
            <span className="tag tag--pending">Not yet agreed</span>
          )}
        </div>
        {goal.specific.trim() && <p className="plan-goal__wording">{goal.specific}</p>}
        <Consents goal={goal} viewer={viewer} names={names} />
        {steps.length > 0 && (
          <div className="plan-goal__stones">
            <h4 className="plan-goal__subheading">
              Stepping stones{' '}
              <span className="plan-goal__count">
                ({done} of {steps.length} done)
              </span>
            </h4>
            <ol className="plan-stones">
              {steps.map((step, index) =>
                isPartner(viewer) ? (
                  <StepProgress key={step.id} step={step} index={index} />
                ) : (
                  <StepReadout key={step.id} step={step} index={index} />
                ),
              )}
            </ol>
          </div>
        )}
      </article>
    </li>
  )
}

/** Both partners' consent: the viewer's own as a control (a partner), the other's as words. */
function Consents({ goal, viewer, names }: { goal: Goal; viewer: Role; names: PartnerNames }) {
  const { sync } = useSession()
  return (
    <ul className="plan-consents" aria-label={`Who agreed to ${goal.title.trim() || 'this goal'}`}>
      {PARTNER_ROLES.map((partner) => {
        const name = nameOf(names, partner)
        if (partner === viewer) {
          return (
            <li key={partner}>
              <label className="choice">
                <input
                  type="checkbox"
                  checked={goal.willing[partner]}
                  onChange={(event) => setConsent(sync.doc, goal.id, partner, event.target.checked)}
                />
                I agree to this goal as it is written
              </label>
              {goal.consentWithdrawn[partner] && !goal.willing[partner] && (
                <p className="hint">The wording changed after you agreed, so your yes is open again.</p>
              )}
            </li>
          )
        }
        return (
          <li key={partner} className={goal.willing[partner] ? 'plan-consent--yes' : 'plan-consent--open'}>
            {name}: {goal.willing[partner] ? 'agreed' : 'not yet'}
          </li>
        )
      })}
    </ul>
  )
}

/** A stepping stone as the therapist follows it: status and what the partners wrote since. */
function StepReadout({ step, index }: { step: Step; index: number }) {
  const title = step.title.trim() || `Step ${index + 1}`
  return (
    <li className={`plan-stone plan-stone--${step.status}`}>
      <article aria-label={`Stepping stone: ${title}`}>
        <p className="plan-stone__head">
          <span className="plan-stone__title">{title}</span>
          <span className="tag">{stepStatusLabels[step.status]}</span>
        </p>
        {(step.sinceDone || step.sinceWhyNot || step.sinceNext) && (
          <dl className="plan-stone__since">
            {step.sinceDone && (
              <>
                <dt>Done</dt>
                <dd>{step.sinceDone}</dd>
              </>
            )}
            {step.sinceWhyNot && (
              <>
                <dt>If not, why not</dt>
                <dd>{step.sinceWhyNot}</dd>
              </>
            )}
            {step.sinceNext && (
              <>
                <dt>Next</dt>
                <dd>{step.sinceNext}</dd>
              </>
            )}
          </dl>
        )}
      </article>
    </li>
  )
}
