import { useState } from 'react'
import { boardClock, dayAt, startSetbackReview } from '@session-board/board'
import { coupleProgressPath, monthlyReviewPath } from '../../../lib/routes.ts'
import { useBoard, useSession } from '../../session/SessionContext.tsx'
import { FlagList } from './FlagList.tsx'
import type { PartnerNames } from './flagList.ts'
import { metricTitle } from './flagList.ts'
import { MetricsSection } from './MetricsSection.tsx'
import { PhasesSection } from './PhasesSection.tsx'
import { SetbacksSection } from './SetbacksSection.tsx'
import { useFlags } from './useFlags.ts'
import './therapist.css'

interface Props {
  coupleId: string
  names: PartnerNames
  programStart: string
}

/**
 * The couple's progress on their page, for the therapist: flags live as partners log, the metrics
 * with their agreed responses, setback reviews, and the plan's phases.
 */
export function CoupleProgress({ coupleId, names, programStart }: Props) {
  const { sync } = useSession()
  const { metrics } = useBoard()
  const flags = useFlags(coupleId)
  const [focusId, setFocusId] = useState<string | null>(null)
  const thisMonth = dayAt(boardClock.now(), -new Date().getTimezoneOffset()).slice(0, 7)

  return (
    <div className="couple-progress">
      <section className="panel progress-panel" aria-labelledby="couple-flags-heading">
        <div className="panel__head">
          <h2 id="couple-flags-heading">Flags</h2>
          <p className="panel__intro">The last eight weeks. New flags appear here as they are raised.</p>
          <p className="progress-links">
            <a href={coupleProgressPath(coupleId)}>Progress charts</a>
            <a href={monthlyReviewPath(coupleId, thisMonth)}>This month’s review</a>
          </p>
        </div>
        <FlagList
          state={flags}
          label="The couple’s flags"
          empty="No flags in the last eight weeks."
          titleOf={(flag) => metricTitle(flag.metricId, metrics)}
          namesOf={() => names}
          actions={(flag) => (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => setFocusId(startSetbackReview(sync.doc, { flagId: flag.id }))}
              aria-label={`Start a setback review: ${metricTitle(flag.metricId, metrics)}`}
            >
              Start a setback review
            </button>
          )}
        />
      </section>
      <MetricsSection />
      <SetbacksSection focusId={focusId} onStarted={setFocusId} />
      <PhasesSection programStart={programStart} />
    </div>
  )
}
