import { useState } from 'react'
import { STEP_STATUSES, stepStatusLabels, updateStep } from '@session-board/board'
import type { Step, StepPatch, StepStatus } from '@session-board/board'
import { SavedNote } from '../session/SavedNote.tsx'
import { useSession } from '../session/SessionContext.tsx'

// Between sessions a partner may change only these fields of a stepping stone (the server's rule);
// the step's wording and order stay as they were agreed in the session.
const progressFields = [
  { field: 'sinceDone', label: 'What you did', hint: 'Even a small part counts.' },
  { field: 'sinceWhyNot', label: 'If not, what got in the way', hint: '' },
  { field: 'sinceNext', label: 'What comes next', hint: '' },
] as const

/** A partner's update of one stepping stone: its status and how it went, saved as they type. */
export function StepProgress({ step, index }: { step: Step; index: number }) {
  const { sync } = useSession()
  const [edited, setEdited] = useState(false)
  const title = step.title.trim() || `Step ${index + 1}`
  const id = (name: string) => `progress-${step.id}-${name}`
  const save = (patch: StepPatch) => {
    updateStep(sync.doc, step.id, patch)
    setEdited(true)
  }

  return (
    <li className={`plan-stone plan-stone--${step.status}`}>
      <fieldset className="plan-stone__form">
        <legend className="plan-stone__title">{title}</legend>
        <div className="field">
          <label htmlFor={id('status')}>Status</label>
          <select
            id={id('status')}
            value={step.status}
            onChange={(event) => save({ status: event.target.value as StepStatus })}
          >
            {STEP_STATUSES.map((status) => (
              <option key={status} value={status}>
                {stepStatusLabels[status]}
              </option>
            ))}
          </select>
        </div>
        {progressFields.map(({ field, label, hint }) => (
          <div className="field" key={field}>
            <label htmlFor={id(field)}>{label}</label>
            {hint && (
              <p id={id(`${field}-hint`)} className="field-hint">
                {hint}
              </p>
            )}
            <textarea
              id={id(field)}
              rows={2}
              maxLength={500}
              value={step[field]}
              aria-describedby={hint ? id(`${field}-hint`) : undefined}
              onChange={(event) => save({ [field]: event.target.value })}
            />
          </div>
        ))}
        <SavedNote
          shown={edited}
          saved="Saved. Your partner and your therapist see it too."
          className="plan-stone__saved"
        />
      </fieldset>
    </li>
  )
}
