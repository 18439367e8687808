import { useId, useState } from 'react'
import type { ReactNode } from 'react'
import { METRIC_DOMAINS, METRIC_KINDS } from '@session-board/board'
import type { Goal, ProgressProblem } from '@session-board/board'
import { FormAlert } from '../../account/FormAlert.tsx'
import type { MetricDraft } from './metricForm.ts'
import { fieldOfProblem, isDial, metricFromDraft } from './metricForm.ts'
import type { Metric } from '@session-board/board'
import { DOMAIN_NAMES, KIND_LABELS, LOGGED_BY_LABELS, REVIEW_LABELS } from './metricWords.ts'

interface Props {
  initial: MetricDraft
  goals: readonly Goal[]
  submitLabel: string
  /** Writes the metric; a refusal from the plan comes back to show beside its field. */
  onSave: (metric: Metric) => ProgressProblem | null
  onCancel: () => void
}

/** One metric's definition, with its yellow and red lines and the couple's agreed response for each. */
export function MetricForm({ initial, goals, submitLabel, onSave, onCancel }: Props) {
  const [draft, setDraft] = useState(initial)
  const [problem, setProblem] = useState<ProgressProblem | null>(null)
  const base = useId()
  const dial = isDial(draft.id)
  const set = (patch: Partial<MetricDraft>) => setDraft((held) => ({ ...held, ...patch }))
  const problemAt = problem ? fieldOfProblem(problem) : null

  const save = () => {
    const outcome = metricFromDraft(draft)
    const refused = outcome.problem ?? onSave(outcome.metric)
    setProblem(refused)
  }

  /** A field with its label, and the plan's refusal beside it when it is this field's. */
  const field = (
    name: keyof MetricDraft,
    label: string,
    control: (id: string, describedBy?: string) => ReactNode,
  ) => {
    const id = `${base}-${name}`
    const refused = problemAt === name ? problem : null
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {control(id, refused ? `${id}-problem` : undefined)}
        {refused && (
          <p id={`${id}-problem`} className="field-error" role="alert">
            {refused.reason}
          </p>
        )}
      </div>
    )
  }
  const invalid = (name: keyof MetricDraft) => (problemAt === name ? true : undefined)
  const lineLabel = draft.better === 'more' ? 'at or below' : 'at or above'

  return (
    <form
      className="metric-form"
      aria-label={draft.title ? `Metric: ${draft.title}` : 'A new metric'}
      onSubmit={(event) => {
        event.preventDefault()
        save()
      }}
    >
      <FormAlert message={problemAt === 'form' ? (problem?.reason ?? null) : null} />
      {!dial && (
        <>
          {field('title', 'What is measured', (id, describedBy) => (
            <input
              id={id}
              value={draft.title}
              maxLength={200}
              aria-invalid={invalid('title')}
              aria-describedby={describedBy}
              onChange={(e) => set({ title: e.target.value })}
            />
          ))}
          {field('domain', 'Domain', (id) => (
            <select
              id={id}
              value={draft.domain}
              onChange={(e) => set({ domain: e.target.value as MetricDraft['domain'] })}
            >
              {METRIC_DOMAINS.map((domain) => (
                <option key={domain} value={domain}>
                  {DOMAIN_NAMES[domain]}
                </option>
              ))}
            </select>
          ))}
          {field('kind', 'Kind', (id) => (
            <select
              id={id}
              value={draft.kind}
              onChange={(e) => set({ kind: e.target.value as MetricDraft['kind'] })}
            >
              {METRIC_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {KIND_LABELS[kind]}
                </option>
              ))}
            </select>
          ))}
          {field('target', 'Target', (id, describedBy) => (
            <input
              id={id}
              inputMode="decimal"
              value={draft.target}
              aria-invalid={invalid('target')}
              aria-describedby={describedBy}
              onChange={(e) => set({ target: e.target.value })}
            />
          ))}
          <fieldset className="field choice-row">
            <legend>Which way is better</legend>
            <div className="choice-row__options">
              {(['more', 'less'] as const).map((better) => (
                <label key={better} className="choice">
                  <input
                    type="radio"
                    name={`${base}-better`}
                    checked={draft.better === better}
                    onChange={() => set({ better })}
                  />
                  {better === 'more' ? 'More is better' : 'Less is better'}
                </label>
              ))}
            </div>
          </fieldset>
          {field('loggedBy', 'Who logs it', (id) => (
            <select
              id={id}
              value={draft.loggedBy}
              onChange={(e) => set({ loggedBy: e.target.value as MetricDraft['loggedBy'] })}
            >
              {Object.entries(LOGGED_BY_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          ))}
          {field('goalId', 'The goal it measures', (id) => (
            <select id={id} value={draft.goalId} onChange={(e) => set({ goalId: e.target.value })}>
              <option value="">No particular goal</option>
              {goals.map((goal) => (
                <option key={goal.id} value={goal.id}>
                  {goal.title || 'A goal without a title'}
                </option>
              ))}
            </select>
          ))}
          {field('review', 'Review rhythm', (id) => (
            <select
              id={id}
              value={draft.review}
              onChange={(e) => set({ review: e.target.value as MetricDraft['review'] })}
            >
              {Object.entries(REVIEW_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          ))}
        </>
      )}
      <fieldset className="field choice-row">
        <legend>New entries are, unless the partner chooses otherwise</legend>
        <div className="choice-row__options">
          {(['shared', 'therapist'] as const).map((privacy) => (
            <label key={privacy} className="choice">
              <input
                type="radio"
                name={`${base}-privacy`}
                checked={draft.defaultPrivacy === privacy}
                onChange={() => set({ defaultPrivacy: privacy })}
              />
              {privacy === 'shared' ? 'Shared with their partner' : 'Only for the therapist'}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="metric-form__lines">
        <legend>Flags and the couple’s agreed responses</legend>
        <p className="field-hint">
          A flag is raised when a figure is {lineLabel} its line. Leave a line empty for no flag. Write each
          response in the couple’s own words.
        </p>
        {(['yellow', 'red'] as const).map((level) => (
          <div key={level} className={`metric-form__line metric-form__line--${level}`}>
            {field(level, level === 'yellow' ? 'Yellow line' : 'Red line', (id, describedBy) => (
              <input
                id={id}
                inputMode="decimal"
                value={draft[level]}
                aria-invalid={invalid(level)}
                aria-describedby={describedBy}
                onChange={(e) => set({ [level]: e.target.value })}
              />
            ))}
            {field(
              `${level}Response`,
              level === 'yellow' ? 'Agreed response to yellow' : 'Agreed response to red',
              (id, describedBy) => (
                <textarea
                  id={id}
                  rows={2}
                  maxLength={200}
                  value={draft[`${level}Response`]}
                  aria-invalid={invalid(`${level}Response`)}
                  aria-describedby={describedBy}
                  onChange={(e) => set({ [`${level}Response`]: e.target.value })}
                />
              ),
            )}
          </div>
        ))}
      </fieldset>
      <div className="button-row">
        <button type="submit" className="button button--primary button--small">
          {submitLabel}
        </button>
        <button type="button" className="button button--quiet button--small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
