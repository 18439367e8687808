import type { CoupleSummary } from '@session-board/protocol'
import { couplePath } from '../../../lib/routes.ts'
import { FlagList } from './FlagList.tsx'
import { metricTitle } from './flagList.ts'
import { useFlags } from './useFlags.ts'
import './therapist.css'

const coupleName = (couple: CoupleSummary | undefined) =>
  couple ? `${couple.partnerAName} & ${couple.partnerBName}` : 'A couple'

/**
 * Every flag not yet acknowledged, across the caseload, live: a flag raised while the page is open
 * appears and is announced without a reload.
 */
export function OpenFlags({ couples }: { couples: readonly CoupleSummary[] | null }) {
  const state = useFlags()
  const coupleOf = (coupleId: string) => couples?.find((couple) => couple.id === coupleId)
  return (
    <section className="panel progress-panel open-flags" aria-labelledby="open-flags-heading">
      <h2 id="open-flags-heading">Open flags</h2>
      <FlagList
        state={state}
        label="Open flags"
        empty="No open flags. New ones appear here as they are raised."
        // The couple's own metrics are named in their plan; the caseload knows the menu's and the dials'.
        titleOf={(flag) => metricTitle(flag.metricId)}
        namesOf={(flag) => {
          const couple = coupleOf(flag.coupleId)
          return { partnerA: couple?.partnerAName ?? '', partnerB: couple?.partnerBName ?? '' }
        }}
        lead={(flag) => <p className="flag__couple">{coupleName(coupleOf(flag.coupleId))}</p>}
        actions={(flag) => (
          <a
            className="button button--quiet button--small"
            href={couplePath(flag.coupleId)}
            aria-label={`Open the couple’s page: ${coupleName(coupleOf(flag.coupleId))}`}
          >
            Open the couple’s page
          </a>
        )}
      />
    </section>
  )
}
