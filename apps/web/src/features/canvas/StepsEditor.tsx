import { useState } from 'react'
import type { FormEvent } from 'react'
import { addStep, moveStep, removeStep, updateGoal, updateStep } from '@session-board/board'
import type { Goal, Step, StepStatus } from '@session-board/board'
import { useSession } from '../session/SessionContext.tsx'
import { WordingNote, useWordingHints, wordingNoteId } from '../wording/WordingNote.tsx'
import { stepStatusLabels } from '@session-board/board'

/** The long-term goal's title and its steps: order, status, and what happened since last session. */
export function StepsEditor({ goal, steps }: { goal: Goal; steps: Step[] }) {
  const { sync, canEdit } = useSession()
  const [draft, setDraft] = useState('')
  const titleId = `stones-${goal.id}-title`
  const titleHints = useWordingHints(canEdit ? goal.title : '')

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const title = draft.trim()
    if (!title) return
    addStep(sync.doc, goal.id, title)
    setDraft('')
  }

  return (
    <div className="steps-editor">
      <fieldset className="goal-form__fields" disabled={!canEdit}>
        <div className="field field--wide">
          <label htmlFor={titleId}>Long-term goal</label>
          <input
            id={titleId}
            value={goal.title}
            maxLength={200}
            aria-describedby={titleHints.length > 0 ? wordingNoteId(titleId) : undefined}
            onChange={(event) => updateGoal(sync.doc, goal.id, { title: event.target.value })}
          />
          {canEdit && <WordingNote fieldId={titleId} hints={titleHints} />}
        </div>
      </fieldset>
      <ol className="steps-editor__list">
        {steps.map((step, index) => (
          <StepFields key={step.id} step={step} index={index} count={steps.length} />
        ))}
      </ol>
      {canEdit && (
        <form className="add-row" onSubmit={submit}>
          <label htmlFor={`stones-${goal.id}-new`} className="add-row__label">
            Next small step
          </label>
          <input
            id={`stones-${goal.id}-new`}
            value={draft}
            maxLength={200}
            placeholder="For example: plan one evening together this week"
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" className="button button--primary button--small" disabled={!draft.trim()}>
            Add step
          </button>
        </form>
      )}
    </div>
  )
}

const sinceFields = [
  { field: 'sinceDone', label: 'Done since last session' },
  { field: 'sinceWhyNot', label: 'If not, what got in the way' },
  { field: 'sinceNext', label: 'Next' },
] as const

function StepFields({ step, index, count }: { step: Step; index: number; count: number }) {
  const { sync, canEdit } = useSession()
  const id = (name: string) => `step-${step.id}-${name}`
  const label = step.title.trim() || `step ${index + 1}`
  const hints = useWordingHints(canEdit ? step.title : '')
  return (
    <li className="step-fields">
      <fieldset disabled={!canEdit}>
        <legend>Step {index + 1}</legend>
        <div className="field">
          <label htmlFor={id('title')}>What the step is</label>
          <input
            id={id('title')}
            value={step.title}
            maxLength={200}
            aria-describedby={hints.length > 0 ? wordingNoteId(id('title')) : undefined}
            onChange={(event) => updateStep(sync.doc, step.id, { title: event.target.value })}
          />
          {canEdit && <WordingNote fieldId={id('title')} hints={hints} />}
        </div>
        <div className="field">
          <label htmlFor={id('status')}>Status</label>
          <select
            id={id('status')}
            value={step.status}
            onChange={(event) => updateStep(sync.doc, step.id, { status: event.target.value as StepStatus })}
          >
            {(Object.keys(stepStatusLabels) as StepStatus[]).map((status) => (
              <option key={status} value={status}>
                {stepStatusLabels[status]}
              </option>
            ))}
          </select>
        </div>
        {sinceFields.map(({ field, label: fieldLabel }) => (
          <div className="field" key={field}>
            <label htmlFor={id(field)}>{fieldLabel}</label>
            <textarea
              id={id(field)}
              rows={1}
              maxLength={500}
              value={step[field]}
              onChange={(event) => updateStep(sync.doc, step.id, { [field]: event.target.value })}
            />
          </div>
        ))}
        {canEdit && (
          <div className="step-fields__actions">
            <button
              type="button"
              className="button button--quiet button--small"
              disabled={index === 0}
              aria-label={`Move ${label} earlier`}
              onClick={() => moveStep(sync.doc, step.id, index - 1)}
            >
              Earlier
            </button>
            <button
              type="button"
              className="button button--quiet button--small"
              disabled={index === count - 1}
              aria-label={`Move ${label} later`}
              onClick={() => moveStep(sync.doc, step.id, index + 1)}
            >
              Later
            </button>
            <button
              type="button"
              className="button button--quiet button--small"
              aria-label={`Remove ${label}`}
              onClick={() => removeStep(sync.doc, step.id)}
            >
              Remove
            </button>
          </div>
        )}
      </fieldset>
    </li>
  )
}
