import { useState } from 'react'
import { removeGoal, updateGoal } from '@session-board/board'
import type { Goal, GoalKind, GoalWording } from '@session-board/board'
import { useSession } from '../session/SessionContext.tsx'
import { WordingNote, useWordingHints, wordingNoteId } from '../wording/WordingNote.tsx'
import { GoalAgreement } from './GoalAgreement.tsx'

type TextPart = Exclude<GoalWording, 'title' | 'startDate' | 'reviewDate'>

const textParts: { field: TextPart; label: string; hint: string }[] = [
  { field: 'specific', label: 'Specific', hint: 'Who does what, when and where.' },
  {
    field: 'measurable',
    label: 'Measurable',
    hint: 'How progress shows: a count, minutes, a 0–10 rating or a checklist.',
  },
  {
    field: 'achievable',
    label: 'Achievable',
    hint: 'Why this fits what both of you can manage at the moment.',
  },
  { field: 'relevant', label: 'Relevant', hint: 'How it connects to what matters to you as a couple.' },
  {
    field: 'transparent',
    label: 'Transparent',
    hint: 'Any rule that could stay unspoken, written out, such as the plan for a rainy day.',
  },
]

export function GoalForm({ goal, id }: { goal: Goal; id: string }) {
  const { sync, canEdit } = useSession()
  const [confirmingRemove, setConfirmingRemove] = useState(false)
  const field = (name: string) => `${id}-${name}`
  const edit = (patch: Parameters<typeof updateGoal>[2]) => updateGoal(sync.doc, goal.id, patch)
  const titleHints = useWordingHints(canEdit ? goal.title : '')

  return (
    <form
      id={id}
      className="goal-form"
      onSubmit={(event) => event.preventDefault()}
      aria-label={`Details of ${goal.title || 'goal'}`}
    >
      <fieldset className="goal-form__fields" disabled={!canEdit}>
        <div className="field field--wide">
          <label htmlFor={field('title')}>Goal title</label>
          <input
            id={field('title')}
            value={goal.title}
            maxLength={200}
            aria-describedby={titleHints.length > 0 ? wordingNoteId(field('title')) : undefined}
            onChange={(e) => edit({ title: e.target.value })}
          />
          {canEdit && <WordingNote fieldId={field('title')} hints={titleHints} />}
        </div>
        <fieldset className="field field--wide choice-row">
          <legend>Kind of goal</legend>
          <div className="choice-row__options">
            {(['life', 'therapy'] as GoalKind[]).map((kind) => (
              <label key={kind} className="choice">
                <input
                  type="radio"
                  name={field('kind')}
                  value={kind}
                  checked={goal.kind === kind}
                  onChange={() => edit({ kind })}
                />
                {kind === 'life'
                  ? 'Life goal (a concrete change in daily life)'
                  : 'Therapy goal (insight or awareness)'}
              </label>
            ))}
          </div>
        </fieldset>
        {textParts.slice(0, 4).map((part) => (
          <TextPartField
            key={part.field}
            id={field(part.field)}
            {...part}
            value={goal[part.field]}
            canEdit={canEdit}
            onChange={edit}
          />
        ))}
        <fieldset className="field field--wide date-row">
          <legend>Time-bound</legend>
          <div className="date-row__fields">
            <label className="date-field">
              <span>Start date</span>
              <input
                type="date"
                value={goal.startDate}
                onChange={(e) => edit({ startDate: e.target.value })}
              />
            </label>
            <label className="date-field">
              <span>Review date</span>
              <input
                type="date"
                value={goal.reviewDate}
                min={goal.startDate || undefined}
                onChange={(e) => edit({ reviewDate: e.target.value })}
              />
            </label>
          </div>
        </fieldset>
        {textParts.slice(4).map((part) => (
          <TextPartField
            key={part.field}
            id={field(part.field)}
            {...part}
            value={goal[part.field]}
            canEdit={canEdit}
            onChange={edit}
          />
        ))}
      </fieldset>
      <GoalAgreement goal={goal} idPrefix={field('')} />
      {canEdit && (
        <div className="goal-form__footer">
          {confirmingRemove ? (
            <div className="confirm" role="group" aria-label="Confirm removing the goal">
              <span>Remove this goal for everyone in the session?</span>
              <button
                type="button"
                className="button button--danger button--small"
                onClick={() => removeGoal(sync.doc, goal.id)}
              >
                Remove goal
              </button>
              <button
                type="button"
                className="button button--quiet button--small"
                onClick={() => setConfirmingRemove(false)}
              >
                Keep it
              </button>
            </div>
          ) : (
            <button
              type="button"
              className="button button--quiet button--small"
              onClick={() => setConfirmingRemove(true)}
            >
              Remove goal…
            </button>
          )}
        </div>
      )}
    </form>
  )
}

interface TextPartProps {
  id: string
  field: TextPart
  label: string
  hint: string
  value: string
  canEdit: boolean
  onChange: (patch: Partial<Record<TextPart, string>>) => void
}

function TextPartField({ id, field, label, hint, value, canEdit, onChange }: TextPartProps) {
  const hints = useWordingHints(canEdit ? value : '')
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      <textarea
        id={id}
        rows={2}
        maxLength={1000}
        value={value}
        aria-describedby={hints.length > 0 ? `${id}-hint ${wordingNoteId(id)}` : `${id}-hint`}
        onChange={(e) => onChange({ [field]: e.target.value })}
      />
      {canEdit && <WordingNote fieldId={id} hints={hints} />}
    </div>
  )
}
