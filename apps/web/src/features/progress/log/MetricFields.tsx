import { KIND_LIMITS } from '@session-board/board'
import type { EntryPrivacy, Metric } from '@session-board/board'

interface FieldProps {
  metric: Metric
  value: number | null
  privacy: EntryPrivacy
  onValue: (value: number | null) => void
  onPrivacy: (privacy: EntryPrivacy) => void
  hint?: string
}

const fieldId = (metric: Metric, part: string) => `log-${metric.id.replace(/[^A-Za-z0-9_-]/g, '-')}-${part}`

/** One metric to log: its own control for its kind, and who sees the entry. */
export function MetricField(props: FieldProps) {
  const { metric } = props
  return (
    <fieldset className="log-metric">
      <legend className="log-metric__title">{metric.title}</legend>
      {props.hint && <p className="field-hint">{props.hint}</p>}
      {metric.kind === 'rating' && <Scale {...props} />}
      {metric.kind === 'yesNo' && <YesNo {...props} />}
      {(metric.kind === 'count' || metric.kind === 'minutes') && <Amount {...props} />}
      <PrivacyChoice {...props} />
    </fieldset>
  )
}

/** 0 to 10 as eleven radio buttons: arrow keys move along them, and a screen reader reads "7, 8 of 11". */
function Scale({ metric, value, onValue }: FieldProps) {
  return (
    <div className="log-scale">
      <div className="log-scale__choices">
        {Array.from({ length: 11 }, (_, number) => (
          <label key={number} className="log-choice">
            <input
              type="radio"
              name={fieldId(metric, 'value')}
              value={number}
              checked={value === number}
              onChange={() => onValue(number)}
            />
            <span>{number}</span>
          </label>
        ))}
      </div>
      <p className="log-scale__ends" aria-hidden="true">
        <span>0 not at all</span>
        <span>10 fully</span>
      </p>
    </div>
  )
}

function YesNo({ metric, value, onValue }: FieldProps) {
  return (
    <div className="log-scale__choices log-scale__choices--two">
      {(['Yes', 'No'] as const).map((answer) => (
        <label key={answer} className="log-choice">
          <input
            type="radio"
            name={fieldId(metric, 'value')}
            checked={value === (answer === 'Yes' ? 1 : 0)}
            onChange={() => onValue(answer === 'Yes' ? 1 : 0)}
          />
          <span>{answer}</span>
        </label>
      ))}
    </div>
  )
}

/** A day's count (with − and +) or minutes, typed or tapped; empty means not logged. */
function Amount({ metric, value, onValue }: FieldProps) {
  const most = KIND_LIMITS[metric.kind].entry
  const step = metric.kind === 'minutes' ? 5 : 1
  const unit = metric.kind === 'minutes' ? 'minutes' : 'times today'
  const clamp = (next: number) => Math.min(most, Math.max(0, Math.round(next)))
  const input = fieldId(metric, 'value')
  return (
    <div className="log-amount">
      <button
        type="button"
        className="button log-amount__step"
        aria-controls={input}
        onClick={() => onValue(clamp((value ?? 0) - step))}
      >
        <span aria-hidden="true">−</span>
        <span className="visually-hidden">
          {step} less: {metric.title}
        </span>
      </button>
      <input
        id={input}
        type="number"
        inputMode="numeric"
        min={0}
        max={most}
        step={1}
        value={value ?? ''}
        placeholder="–"
        aria-label={`${metric.title}, ${unit}`}
        onChange={(event) => onValue(event.target.value === '' ? null : clamp(Number(event.target.value)))}
      />
      <button
        type="button"
        className="button log-amount__step"
        aria-controls={input}
        onClick={() => onValue(clamp((value ?? 0) + step))}
      >
        <span aria-hidden="true">+</span>
        <span className="visually-hidden">
          {step} more: {metric.title}
        </span>
      </button>
      <span className="log-amount__unit" aria-hidden="true">
        {unit}
      </span>
    </div>
  )
}

/** Who sees one entry: the partner too, or the therapist alone. */
export function PrivacyChoice({
  metric,
  privacy,
  onPrivacy,
}: Pick<FieldProps, 'metric' | 'privacy' | 'onPrivacy'>) {
  const id = fieldId(metric, 'privacy')
  return (
    <div className="log-privacy">
      <label htmlFor={id}>Who sees this</label>
      <select id={id} value={privacy} onChange={(event) => onPrivacy(event.target.value as EntryPrivacy)}>
        <option value="shared">Shared with my partner</option>
        <option value="therapist">Only for my therapist</option>
      </select>
    </div>
  )
}
