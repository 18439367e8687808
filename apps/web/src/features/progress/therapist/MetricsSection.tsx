import { useState } from 'react'
import { METRIC_DOMAINS, METRIC_MENU, chooseMetric, removeMetric, updateMetric } from '@session-board/board'
import type { Metric, MetricDomain } from '@session-board/board'
import { useBoard, useSession } from '../../session/SessionContext.tsx'
import { MetricForm } from './MetricForm.tsx'
import { blankDraft, draftFromMetric, isDial, metricsWithDials } from './metricForm.ts'
import { DOMAIN_NAMES, KIND_LABELS, REVIEW_LABELS } from './metricWords.ts'

type Editing =
  | { kind: 'none' }
  | { kind: 'edit'; id: string }
  | { kind: 'menu' }
  | { kind: 'new'; metric: Metric | null; domain: MetricDomain }

/** The metrics the couple chose with the therapist, the three dials first, each with its flag lines. */
export function MetricsSection() {
  const { sync } = useSession()
  const { metrics, goals } = useBoard()
  const [editing, setEditing] = useState<Editing>({ kind: 'none' })
  const shown = metricsWithDials(metrics)
  const chosenIds = new Set(metrics.map((metric) => metric.id))
  const close = () => setEditing({ kind: 'none' })

  const save = (metric: Metric, inPlan: boolean) => {
    if (inPlan) {
      const { id, flags, goalId, ...rest } = metric
      const problem = updateMetric(sync.doc, id, { ...rest, goalId: goalId ?? null, flags: flags ?? null })
      if (!problem) close()
      return problem
    }
    const { problem } = chooseMetric(sync.doc, metric)
    if (!problem) close()
    return problem
  }

  return (
    <section className="panel progress-panel" aria-labelledby="metrics-heading">
      <div className="panel__head">
        <h2 id="metrics-heading">Metrics</h2>
        <p className="panel__intro">
          What the couple logs between sessions, with a line for a yellow and a red flag and what they agreed
          to do when one is raised.
        </p>
      </div>
      <ul className="metric-list" aria-label="The plan’s metrics">
        {shown.map(({ metric, inPlan }) => (
          <li key={metric.id} className="metric-item">
            <div className="metric-item__head">
              <h3 className="metric-item__title">{metric.title}</h3>
              <span className="tag">{isDial(metric.id) ? 'Dial' : DOMAIN_NAMES[metric.domain]}</span>
            </div>
            <p className="metric-item__meta">
              {KIND_LABELS[metric.kind]} · target {metric.target} (
              {metric.better === 'more' ? 'more is better' : 'less is better'}) ·{' '}
              {REVIEW_LABELS[metric.review].toLowerCase()} ·{' '}
              {metric.defaultPrivacy === 'therapist' ? 'only for the therapist' : 'shared'}
            </p>
            <FlagLines metric={metric} />
            {editing.kind === 'edit' && editing.id === metric.id ? (
              <MetricForm
                initial={draftFromMetric(metric)}
                goals={goals}
                submitLabel="Save changes"
                onSave={(changed) => save(changed, inPlan)}
                onCancel={close}
              />
            ) : (
              <div className="button-row">
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => setEditing({ kind: 'edit', id: metric.id })}
                  aria-label={`${isDial(metric.id) ? 'Edit lines and responses' : 'Edit'}: ${metric.title}`}
                >
                  {isDial(metric.id) ? 'Edit lines and responses' : 'Edit'}
                </button>
                {inPlan && !isDial(metric.id) && (
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    onClick={() => removeMetric(sync.doc, metric.id)}
                    aria-label={`Take out of the plan: ${metric.title}`}
                  >
                    Take out of the plan
                  </button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
      {editing.kind === 'none' && (
        <div className="button-row">
          <button
            type="button"
            className="button button--primary button--small"
            onClick={() => setEditing({ kind: 'menu' })}
          >
            Choose a metric
          </button>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => setEditing({ kind: 'new', metric: null, domain: 'communication' })}
          >
            Write your own
          </button>
        </div>
      )}
      {editing.kind === 'menu' && (
        <MetricMenu
          chosenIds={chosenIds}
          onPick={(metric) => setEditing({ kind: 'new', metric, domain: metric.domain })}
          onCancel={close}
        />
      )}
      {editing.kind === 'new' && (
        <div className="metric-new">
          <h3>{editing.metric ? `Add “${editing.metric.title}”` : 'A metric of your own'}</h3>
          <MetricForm
            initial={editing.metric ? draftFromMetric(editing.metric) : blankDraft(editing.domain)}
            goals={goals}
            submitLabel="Add to the plan"
            onSave={(metric) => save(metric, false)}
            onCancel={close}
          />
        </div>
      )}
    </section>
  )
}

function FlagLines({ metric }: { metric: Metric }) {
  const flags = metric.flags
  if (!flags || (flags.yellow === undefined && flags.red === undefined)) {
    return <p className="metric-item__lines hint">No flag lines yet.</p>
  }
  const side = metric.better === 'more' ? 'at or below' : 'at or above'
  return (
    <dl className="metric-item__lines">
      {(['yellow', 'red'] as const).map((level) =>
        flags[level] === undefined ? null : (
          <div key={level} className={`metric-item__line metric-item__line--${level}`}>
            <dt>
              {level === 'red' ? 'Red' : 'Yellow'} {side} {flags[level]}
            </dt>
            <dd>{flags.responses[level] ?? <span className="hint">No agreed response written yet.</span>}</dd>
          </div>
        ),
      )}
    </dl>
  )
}

function MetricMenu({
  chosenIds,
  onPick,
  onCancel,
}: {
  chosenIds: ReadonlySet<string>
  onPick: (metric: Metric) => void
  onCancel: () => void
}) {
  return (
    <div className="metric-menu" role="group" aria-labelledby="metric-menu-heading">
      <h3 id="metric-menu-heading">Choose a metric</h3>
      {METRIC_DOMAINS.map((domain) => (
        <section key={domain} aria-labelledby={`metric-menu-${domain}`}>
          <h4 id={`metric-menu-${domain}`}>{DOMAIN_NAMES[domain]}</h4>
          <ul className="metric-menu__items">
            {METRIC_MENU[domain].map((metric) => (
              <li key={metric.id}>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  disabled={chosenIds.has(metric.id)}
                  onClick={() => onPick(metric)}
                >
                  {metric.title}
                  {chosenIds.has(metric.id) && (
                    <span className="visually-hidden"> (already in the plan)</span>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <button type="button" className="button button--quiet button--small" onClick={onCancel}>
        Cancel
      </button>
    </div>
  )
}
