import { useState } from 'react'
import type { FormEvent } from 'react'
import type { EntryPrivacy, Metric, PartnerRole, ProgressEntry } from '@session-board/board'
import { JOURNAL_METRIC, MAX_NOTE } from '@session-board/board'
import { describeQueue } from './queueStatus.ts'
import { MetricField, PrivacyChoice } from './MetricFields.tsx'
import { AgreedResponses, SavedToday } from './SavedToday.tsx'
import type { Today } from './today.ts'
import { emptyToday, entriesFor, metricsToLog } from './today.ts'
import { useEntryQueue } from './useEntryQueue.ts'

interface Props {
  coupleId: string
  role: PartnerRole
  /** The plan's metrics, live, or as this phone last saw them. */
  planMetrics: readonly Metric[]
}

/** Today's dials, the plan's measures and a journal line, saved on the phone first and sent from there. */
export function LogToday({ coupleId, role, planMetrics }: Props) {
  const { queue, view } = useEntryQueue(coupleId)
  const [today, setToday] = useState<Today>(emptyToday)
  const [saved, setSaved] = useState<ProgressEntry[]>([])
  const [problem, setProblem] = useState<string | null>(null)
  const { dials, week, metrics } = metricsToLog(planMetrics)
  const all = [...dials, ...week, ...metrics, JOURNAL_METRIC]
  const choosePrivacy = (metric: Metric) => (privacy: EntryPrivacy) =>
    setToday((now) => ({ ...now, privacy: { ...now.privacy, [metric.id]: privacy } }))

  const field = (metric: Metric, hint?: string) => (
    <MetricField
      key={metric.id}
      metric={metric}
      hint={hint}
      value={today.values[metric.id] ?? null}
      privacy={today.privacy[metric.id] ?? metric.defaultPrivacy}
      onValue={(value) => setToday((now) => ({ ...now, values: { ...now.values, [metric.id]: value } }))}
      onPrivacy={choosePrivacy(metric)}
    />
  )

  const save = (event: FormEvent) => {
    event.preventDefault()
    const made = entriesFor(today, all, role, new Date())
    setProblem(made.problem)
    if (made.problem) return
    setSaved((before) => [...before, ...made.entries])
    setToday(emptyToday)
    void queue.add(made.entries)
  }

  return (
    <>
      <p className="log-connection" role="status">
        {describeQueue(view)}
      </p>
      <AgreedResponses flags={view.flags} metrics={all} />
      <form className="log-form" onSubmit={save} noValidate>
        <section className="panel" aria-labelledby="log-dials-heading">
          <h2 id="log-dials-heading">The three dials</h2>
          <p className="panel__intro">
            How today felt, from 0 to 10. Leave out any you would rather not rate.
          </p>
          {dials.map((dial) => field(dial))}
        </section>
        <section className="panel" aria-labelledby="log-week-heading">
          <h2 id="log-week-heading">This week’s goals</h2>
          <p className="panel__intro">How much you put into your goals this week, and what they changed.</p>
          {week.map((metric) => field(metric))}
        </section>
        {metrics.length > 0 && (
          <section className="panel" aria-labelledby="log-metrics-heading">
            <h2 id="log-metrics-heading">What you are tracking</h2>
            {metrics.map((metric) =>
              field(metric, metric.loggedBy === 'couple' ? 'One entry for the two of you.' : undefined),
            )}
          </section>
        )}
        <section className="panel" aria-labelledby="log-journal-heading">
          <h2 id="log-journal-heading">A line for today</h2>
          <div className="field">
            <label htmlFor="log-journal">Journal line (optional)</label>
            <p id="log-journal-hint" className="field-hint">
              A few words about today, at most {MAX_NOTE} characters.
            </p>
            <textarea
              id="log-journal"
              rows={2}
              maxLength={MAX_NOTE}
              aria-describedby="log-journal-hint"
              value={today.journal}
              onChange={(event) => setToday((now) => ({ ...now, journal: event.target.value }))}
            />
          </div>
          <PrivacyChoice
            metric={JOURNAL_METRIC}
            privacy={today.privacy[JOURNAL_METRIC.id] ?? JOURNAL_METRIC.defaultPrivacy}
            onPrivacy={choosePrivacy(JOURNAL_METRIC)}
          />
        </section>
        {problem && (
          <p className="notice" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="button button--primary log-save">
          Save today
        </button>
      </form>
      <SavedToday saved={saved} metrics={all} view={view} queue={queue} />
    </>
  )
}
