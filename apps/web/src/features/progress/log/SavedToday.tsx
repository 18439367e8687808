import type { Metric, ProgressEntry } from '@session-board/board'
import type { EntryFlag } from '@session-board/protocol'
import type { EntryQueue, QueueView } from './entryQueue.ts'
import { entryState } from './queueStatus.ts'

interface Props {
  saved: readonly ProgressEntry[]
  metrics: readonly Metric[]
  view: QueueView
  queue: EntryQueue
}

const valueText = (entry: ProgressEntry, metric: Metric | undefined) => {
  if (metric?.kind === 'yesNo') return entry.value === 1 ? 'yes' : 'no'
  if (metric?.kind === 'minutes') return `${entry.value} minutes`
  return String(entry.value)
}

/** What was saved on this page, each entry with where it is now. */
export function SavedToday({ saved, metrics, view, queue }: Props) {
  if (saved.length === 0) return null
  const byId = new Map(metrics.map((metric) => [metric.id, metric]))
  return (
    <section className="panel log-saved" aria-labelledby="log-saved-heading">
      <h2 id="log-saved-heading">Saved today</h2>
      <ul className="log-saved__list">
        {saved.map((entry) => {
          const metric = byId.get(entry.metricId)
          const where = entryState(view, entry)
          if (where.state === 'gone') return null
          return (
            <li key={entry.id} className={`log-saved__item log-saved__item--${where.state}`}>
              <span>
                {metric?.title ?? 'Entry'}: <strong>{valueText(entry, metric)}</strong>
                {entry.privacy === 'therapist' ? ' (only for your therapist)' : ' (shared)'}
              </span>
              {where.state === 'saved' && <span className="log-saved__state">Saved</span>}
              {where.state === 'waiting' && (
                <span className="log-saved__state">Waiting to send — kept on this phone</span>
              )}
              {where.state === 'refused' && (
                <span className="log-saved__state">
                  Not accepted: {where.reason}{' '}
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    onClick={() => void queue.dismiss(entry.id)}
                  >
                    Remove<span className="visually-hidden"> this entry from the phone</span>
                  </button>
                </span>
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

/**
 * The couple's agreed response, shown as soon as the server says an entry crossed a line: calm, in
 * their own words, and announced at once.
 */
export function AgreedResponses({
  flags,
  metrics,
}: {
  flags: readonly EntryFlag[]
  metrics: readonly Metric[]
}) {
  const byId = new Map(metrics.map((metric) => [metric.id, metric]))
  // One note per flag id: an entry sent again repeats its flag.
  const unique = [...new Map(flags.map((flag) => [flag.id, flag])).values()]
  return (
    <div role="alert" className="log-responses">
      {unique.map((flag) => (
        <div key={flag.id} className={`log-response log-response--${flag.level}`}>
          <h2>{byId.get(flag.metricId)?.title ?? 'Your entry'}: what you agreed</h2>
          <p>
            {flag.response ??
              'You have not written a response for this together yet. Your therapist sees this entry and can talk it through with you.'}
          </p>
        </div>
      ))}
    </div>
  )
}
