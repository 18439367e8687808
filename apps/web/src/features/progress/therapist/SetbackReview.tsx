import { useId, useState } from 'react'
import { completeSetback, updateSetback } from '@session-board/board'
import type { PlanUpgrade, ProgressProblem, Setback, SetbackText, UpgradeKind } from '@session-board/board'
import { FormAlert } from '../../account/FormAlert.tsx'
import { useBoard, useSession } from '../../session/SessionContext.tsx'
import { WordingNote, useWordingHints, wordingNoteId } from '../../wording/WordingNote.tsx'

const QUESTIONS: { field: SetbackText; label: string; hint: string; long: boolean }[] = [
  { field: 'whatHappened', label: 'What happened', hint: 'The facts, as each of you saw them.', long: true },
  { field: 'whatHelped', label: 'What helped', hint: 'Even a little: what made it easier.', long: true },
  { field: 'whatWeTry', label: 'What we will try', hint: 'Something small to try next time.', long: true },
  {
    field: 'affirmation',
    label: 'One affirmation',
    hint: 'Something you did well, together or alone.',
    long: false,
  },
  { field: 'nextStep', label: 'One tiny next step', hint: 'Small enough to do this week.', long: false },
]

const UPGRADES: { kind: UpgradeKind; label: string }[] = [
  { kind: 'goal', label: 'Change a goal' },
  { kind: 'ifThen', label: 'A new if-then plan' },
  { kind: 'routine', label: 'A minimum viable routine for a rough week' },
]

/** One setback review, written with the couple: no blame, then a plan upgrade that stays linked to it. */
export function SetbackReview({ setback, headingId }: { setback: Setback; headingId: string }) {
  const { sync } = useSession()
  const [problem, setProblem] = useState<ProgressProblem | null>(null)
  const base = useId()
  const write = (field: SetbackText, value: string) =>
    setProblem(updateSetback(sync.doc, setback.id, { [field]: value }))

  return (
    <article className="setback" aria-labelledby={headingId}>
      <h3 id={headingId} tabIndex={-1}>
        Setback review{setback.flagId ? ', from a flag' : ''}
      </h3>
      <p className="hint">Looking back without blame: what happened, what helped, and what you will try.</p>
      {QUESTIONS.map((question) => (
        <SetbackField
          key={question.field}
          id={`${base}-${question.field}`}
          {...question}
          value={setback[question.field]}
          problem={problem?.field === `setback.${question.field}` ? problem.reason : null}
          onChange={(value) => write(question.field, value)}
        />
      ))}
      <UpgradeForm setback={setback} onProblem={setProblem} problem={problem} />
    </article>
  )
}

interface FieldProps {
  id: string
  label: string
  hint: string
  long: boolean
  value: string
  problem: string | null
  onChange: (value: string) => void
}

function SetbackField({ id, label, hint, long, value, problem, onChange }: FieldProps) {
  const hints = useWordingHints(value)
  const describedBy = [`${id}-hint`, hints.length > 0 && wordingNoteId(id), problem && `${id}-problem`]
    .filter(Boolean)
    .join(' ')
  const common = { id, value, 'aria-describedby': describedBy, 'aria-invalid': problem ? true : undefined }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      {long ? (
        <textarea {...common} rows={3} maxLength={2000} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} maxLength={200} onChange={(e) => onChange(e.target.value)} />
      )}
      <WordingNote fieldId={id} hints={hints} />
      {problem && (
        <p id={`${id}-problem`} className="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  )
}

interface UpgradeProps {
  setback: Setback
  problem: ProgressProblem | null
  onProblem: (problem: ProgressProblem | null) => void
}

function UpgradeForm({ setback, problem, onProblem }: UpgradeProps) {
  const { sync } = useSession()
  const { goals } = useBoard()
  const base = useId()
  const [kind, setKind] = useState<UpgradeKind>('ifThen')
  const [goalId, setGoalId] = useState(goals[0]?.id ?? '')
  const [goalTitle, setGoalTitle] = useState(goals[0]?.title ?? '')
  const [condition, setCondition] = useState('')
  const [action, setAction] = useState('')
  const [routine, setRoutine] = useState('')

  const upgrade = (): PlanUpgrade => {
    if (kind === 'goal') return { kind, goalId, patch: { title: goalTitle } }
    if (kind === 'ifThen') return { kind, condition, action }
    return { kind, text: routine }
  }
  // A refusal of one of the review's own words shows beside that field instead.
  const onAField = problem && QUESTIONS.some((question) => problem.field === `setback.${question.field}`)
  const upgradeProblem = problem && !onAField ? problem.reason : null

  return (
    <form
      className="setback__upgrade"
      aria-label="Turn it into a plan upgrade"
      onSubmit={(event) => {
        event.preventDefault()
        onProblem(completeSetback(sync.doc, setback.id, upgrade()))
      }}
    >
      <fieldset className="field choice-row">
        <legend>The plan upgrade</legend>
        <div className="choice-row__options">
          {UPGRADES.map((option) => (
            <label key={option.kind} className="choice">
              <input
                type="radio"
                name={`${base}-kind`}
                checked={kind === option.kind}
                onChange={() => setKind(option.kind)}
              />
              {option.label}
            </label>
          ))}
        </div>
      </fieldset>
      {kind === 'goal' &&
        (goals.length === 0 ? (
          <p className="empty">The plan has no goals yet; choose another kind of upgrade.</p>
        ) : (
          <>
            <div className="field">
              <label htmlFor={`${base}-goal`}>Goal to change</label>
              <select
                id={`${base}-goal`}
                value={goalId}
                onChange={(e) => {
                  setGoalId(e.target.value)
                  setGoalTitle(goals.find((goal) => goal.id === e.target.value)?.title ?? '')
                }}
              >
                {goals.map((goal) => (
                  <option key={goal.id} value={goal.id}>
                    {goal.title || 'A goal without a title'}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${base}-goal-title`}>The goal, as it will read</label>
              <input
                id={`${base}-goal-title`}
                value={goalTitle}
                maxLength={200}
                onChange={(e) => setGoalTitle(e.target.value)}
              />
            </div>
          </>
        ))}
      {kind === 'ifThen' && (
        <>
          <div className="field">
            <label htmlFor={`${base}-if`}>If…</label>
            <input
              id={`${base}-if`}
              value={condition}
              maxLength={200}
              onChange={(e) => setCondition(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${base}-then`}>Then…</label>
            <input
              id={`${base}-then`}
              value={action}
              maxLength={200}
              onChange={(e) => setAction(e.target.value)}
            />
          </div>
        </>
      )}
      {kind === 'routine' && (
        <div className="field">
          <label htmlFor={`${base}-routine`}>The least we still do in a rough week</label>
          <textarea
            id={`${base}-routine`}
            rows={2}
            maxLength={200}
            value={routine}
            onChange={(e) => setRoutine(e.target.value)}
          />
        </div>
      )}
      <FormAlert message={upgradeProblem} />
      <button type="submit" className="button button--primary button--small">
        Turn it into a plan upgrade
      </button>
    </form>
  )
}
