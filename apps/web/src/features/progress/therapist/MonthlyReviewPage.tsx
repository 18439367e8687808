import { useEffect, useState } from 'react'
import type { ReactNode } from 'react'
import type { MonthlyReview } from '@session-board/board'
import { describeUpgrade, monthBefore } from '@session-board/board'
import type { CoupleDetail } from '@session-board/protocol'
import { phaseLabels } from '@session-board/protocol'
import { describeFailure } from '../../../lib/api.ts'
import { goToSignInAfterIdle } from '../../../lib/auth.ts'
import { couplePath, monthlyReviewPath } from '../../../lib/routes.ts'
import { FormAlert } from '../../account/FormAlert.tsx'
import { getCouple } from '../../couples/couplesApi.ts'
import { useCoupleSync } from '../../couples/useCoupleSync.ts'
import { TherapistShell } from '../../dashboard/TherapistShell.tsx'
import { dayLabel, metricTitle, whoLogged } from './flagList.ts'
import { MonthCharts } from './MonthCharts.tsx'
import { monthAfter, useMonthlyReview } from './useMonthlyReview.ts'
import { KIND_LABELS } from './metricWords.ts'
import './therapist.css'

/** The couple's monthly review, assembled from their plan, entries and flags: `/couples/:id/review/YYYY-MM`. */
export function MonthlyReviewPage({ coupleId, month }: { coupleId: string; month: string }) {
  return <TherapistShell>{() => <MonthlyReviewView coupleId={coupleId} month={month} />}</TherapistShell>
}

const monthName = (month: string) =>
  new Date(`${month}-15T12:00:00Z`).toLocaleDateString(undefined, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })

function MonthlyReviewView({ coupleId, month }: { coupleId: string; month: string }) {
  const [detail, setDetail] = useState<CoupleDetail | null>(null)
  const [loadProblem, setLoadProblem] = useState<string | null>(null)
  const live = useCoupleSync(coupleId)
  const { review, problem } = useMonthlyReview(
    coupleId,
    month,
    live.state === 'open' ? live.sync : null,
    detail,
  )

  useEffect(() => {
    getCouple(coupleId).then(setDetail, (error: unknown) => setLoadProblem(describeFailure(error)))
  }, [coupleId])
  useEffect(() => {
    if (live.state === 'signed-out') goToSignInAfterIdle()
  }, [live.state])

  const names = detail ? { partnerA: detail.couple.partnerAName, partnerB: detail.couple.partnerBName } : null
  const failure = loadProblem ?? problem ?? (live.state === 'failed' ? live.message : null)
  return (
    <main
      className="monthly-review"
      aria-labelledby="monthly-review-heading"
      aria-busy={review === null && !failure}
    >
      <p className="couple-page__back">
        <a href={couplePath(coupleId)}>← The couple’s page</a>
      </p>
      <h1 id="monthly-review-heading">
        Monthly review: {monthName(month)}
        {names && (
          <span className="monthly-review__couple">
            {' '}
            · {names.partnerA} & {names.partnerB}
          </span>
        )}
      </h1>
      <nav className="button-row" aria-label="Other months">
        <a
          className="button button--secondary button--small"
          href={monthlyReviewPath(coupleId, monthBefore(month))}
        >
          ← {monthName(monthBefore(month))}
        </a>
        <a
          className="button button--secondary button--small"
          href={monthlyReviewPath(coupleId, monthAfter(month))}
        >
          {monthName(monthAfter(month))} →
        </a>
      </nav>
      <FormAlert message={failure} />
      {review === null || names === null ? (
        !failure && (
          <p role="status" className="hint">
            Putting the month’s review together…
          </p>
        )
      ) : (
        <ReviewSections
          review={review}
          names={names}
          charts={
            live.state === 'open' && (
              <MonthCharts coupleId={coupleId} review={review} sync={live.sync} names={names} />
            )
          }
        />
      )}
    </main>
  )
}

const figure = (value: number | null) =>
  value === null ? 'Nothing logged' : String(Math.round(value * 10) / 10)

function ReviewSections({
  review,
  names,
  charts,
}: {
  review: MonthlyReview
  names: { partnerA: string; partnerB: string }
  /** The metrics' charts, shown beside their figures. */
  charts: ReactNode
}) {
  const added = review.goals.filter((goal) => goal.added)
  const agreed = review.goals.filter((goal) => goal.newlyAgreed)
  const due = review.goals.filter((goal) => goal.reviewDue)
  const { phase } = review
  return (
    <>
      <section className="panel progress-panel" aria-labelledby="review-changed">
        <h2 id="review-changed">What changed</h2>
        <ul>
          {phase.atEnd && (
            <li>
              {phase.atStart && phase.atStart !== phase.atEnd
                ? `Moved from ${phaseLabels[phase.atStart]} to ${phaseLabels[phase.atEnd]}`
                : `In ${phaseLabels[phase.atEnd]}`}
              {phase.week !== null && phase.week >= 0 && ` (week ${phase.week + 1})`}
            </li>
          )}
          {added.map((goal) => (
            <li key={`added-${goal.id}`}>New goal: {goal.title}</li>
          ))}
          {agreed.map((goal) => (
            <li key={`agreed-${goal.id}`}>Both partners agreed to: {goal.title}</li>
          ))}
          {due.map((goal) => (
            <li key={`due-${goal.id}`}>
              Review due {dayLabel(goal.reviewDate)}: {goal.title}
            </li>
          ))}
          {review.upgrades.map((setback) => (
            <li key={`upgrade-${setback.id}`}>{describeUpgrade(setback.upgrade)}</li>
          ))}
        </ul>
        {added.length + agreed.length + due.length + review.upgrades.length === 0 && (
          <p className="empty">No changes to the goals or the plan this month.</p>
        )}
      </section>

      <section className="panel progress-panel" aria-labelledby="review-metrics">
        <h2 id="review-metrics">Each metric against its target</h2>
        {review.metrics.length === 0 ? (
          <p className="empty">No metrics chosen yet.</p>
        ) : (
          <table className="review-table">
            <caption className="visually-hidden">Two-week figures at the end of the month</caption>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">Two-week figure</th>
                <th scope="col">Target</th>
                <th scope="col">On target</th>
                <th scope="col">Last month</th>
              </tr>
            </thead>
            <tbody>
              {review.metrics.map((metric) => (
                <tr key={metric.id}>
                  <th scope="row">
                    {metric.title}
                    <span className="hint"> ({KIND_LABELS[metric.kind].toLowerCase()})</span>
                  </th>
                  <td>
                    {figure(metric.average)}
                    {metric.byPartner && (
                      <span className="hint">
                        {' '}
                        ({names.partnerA}: {figure(metric.byPartner.partnerA)}; {names.partnerB}:{' '}
                        {figure(metric.byPartner.partnerB)})
                      </span>
                    )}
                  </td>
                  <td>
                    {metric.better === 'more' ? 'at least' : 'at most'} {metric.target}
                  </td>
                  <td>{metric.onTarget === null ? '—' : metric.onTarget ? 'Yes' : 'Not yet'}</td>
                  <td>{figure(metric.previousAverage)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {charts}

      <section className="panel progress-panel" aria-labelledby="review-flags">
        <h2 id="review-flags">Flags and setbacks</h2>
        <p>
          Red flags: {review.flags.counts.red.acknowledged + review.flags.counts.red.waiting} · Yellow flags:{' '}
          {review.flags.counts.yellow.acknowledged + review.flags.counts.yellow.waiting}
          {review.flags.counts.red.waiting + review.flags.counts.yellow.waiting > 0 &&
            ` · ${review.flags.counts.red.waiting + review.flags.counts.yellow.waiting} not yet acknowledged`}
        </p>
        {review.flags.list.length > 0 && (
          <ul aria-label="The month’s flags">
            {review.flags.list.map((flag) => (
              <li key={flag.id}>
                {flag.level === 'red' ? 'Red' : 'Yellow'}: {metricTitle(flag.metricId, review.metrics)},{' '}
                {whoLogged(flag.partner, names)}, {dayLabel(flag.day)}
              </li>
            ))}
          </ul>
        )}
        <h3>Setback reviews</h3>
        {review.setbacks.length === 0 ? (
          <p className="empty">No setback reviews this month.</p>
        ) : (
          <ul>
            {review.setbacks.map((setback) => (
              <li key={setback.id}>
                Opened {dayLabel(setback.openedOn)}
                {setback.whatWeTry && ` · What we will try: ${setback.whatWeTry}`}
                {' · '}
                {setback.completedOn ? describeUpgrade(setback.upgrade) : 'Still open'}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel progress-panel" aria-labelledby="review-steps">
        <h2 id="review-steps">Stepping stones</h2>
        <h3>Done</h3>
        {review.steps.done.length === 0 ? (
          <p className="empty">None marked done yet.</p>
        ) : (
          <ul>
            {review.steps.done.map((step) => (
              <li key={step.id}>
                {step.title} <span className="hint">({step.goalTitle})</span>
                {step.done && ` · ${step.done}`}
              </li>
            ))}
          </ul>
        )}
        <h3>Not done yet</h3>
        {review.steps.notDone.length === 0 ? (
          <p className="empty">
            {review.steps.done.length > 0 ? 'Every stepping stone is done.' : 'No stepping stones yet.'}
          </p>
        ) : (
          <ul>
            {review.steps.notDone.map((step) => (
              <li key={step.id}>
                {step.title} <span className="hint">({step.goalTitle})</span>
                {step.whyNot && ` · Why not yet: ${step.whyNot}`}
                {step.next && ` · Next: ${step.next}`}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}
