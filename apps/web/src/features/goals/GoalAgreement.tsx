import { PARTNER_ROLES, setConsent, updateGoal } from '@session-board/board'
import type { Goal, GoalOwner, PartnerRole } from '@session-board/board'
import { partnerName, useBoard, useSession } from '../session/SessionContext.tsx'
import { ownerChoices } from './owners.ts'

/** Willing (each partner's own yes) and Owned (who starts, who steps in). */
export function GoalAgreement({ goal, idPrefix }: { goal: Goal; idPrefix: string }) {
  const { sync, me, canEdit } = useSession()
  const snapshot = useBoard()
  const name = (partner: PartnerRole) => partnerName(snapshot, partner)
  const ownerOptions = ownerChoices(name)

  return (
    <div className="goal-agreement">
      <fieldset className="field">
        <legend>Willing</legend>
        <p className="field-hint">Each partner says yes for themselves, to the wording as it stands now.</p>
        {PARTNER_ROLES.map((partner) => {
          const own = me.role === partner
          return (
            <div key={partner} className="consent">
              <label className="choice">
                <input
                  type="checkbox"
                  checked={goal.willing[partner]}
                  disabled={!own || !canEdit}
                  onChange={(e) => setConsent(sync.doc, goal.id, partner, e.target.checked)}
                />
                {name(partner)} agrees to this goal
              </label>
              {!own && (
                <span className="consent__note">
                  ({goal.willing[partner] ? 'said yes' : 'not yet'}, only {name(partner)} can change this)
                </span>
              )}
              {goal.consentWithdrawn[partner] && !goal.willing[partner] && (
                <span className="consent__note">
                  The wording changed after {name(partner)} agreed, so it is open again.
                </span>
              )}
            </div>
          )
        })}
      </fieldset>
      <fieldset className="field owned" disabled={!canEdit}>
        <legend>Owned</legend>
        <OwnerSelect
          id={`${idPrefix}initiator`}
          label="Who starts it"
          value={goal.initiator}
          options={ownerOptions}
          onChange={(initiator) => updateGoal(sync.doc, goal.id, { initiator })}
        />
        <OwnerSelect
          id={`${idPrefix}backup`}
          label="Who steps in if needed"
          value={goal.backupOwner}
          options={ownerOptions}
          onChange={(backupOwner) => updateGoal(sync.doc, goal.id, { backupOwner })}
        />
      </fieldset>
    </div>
  )
}

interface OwnerSelectProps {
  id: string
  label: string
  value: GoalOwner
  options: { value: GoalOwner; label: string }[]
  onChange: (owner: GoalOwner) => void
}

function OwnerSelect({ id, label, value, options, onChange }: OwnerSelectProps) {
  return (
    <div className="owned__row">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as GoalOwner)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  )
}
