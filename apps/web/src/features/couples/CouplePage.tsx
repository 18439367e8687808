import { useCallback, useEffect, useMemo, useState } from 'react'
import type { CoupleDetail } from '@session-board/protocol'
import { ApiFailure, describeFailure } from '../../lib/api.ts'
import { CASELOAD_PATH } from '../../lib/routes.ts'
import { goToSignInAfterIdle } from '../../lib/auth.ts'
import { FormAlert } from '../account/FormAlert.tsx'
import type { SessionContextValue } from '../session/SessionContext.tsx'
import { TherapistShell } from '../dashboard/TherapistShell.tsx'
import { CoupleHeader } from './CoupleHeader.tsx'
import { CouplePlan } from './CouplePlan.tsx'
import { CoupleSessions } from './CoupleSessions.tsx'
import { getCouple } from './couplesApi.ts'
import { MeetingHistory } from './MeetingHistory.tsx'
import { PartnerAccess } from './PartnerAccess.tsx'
import { useCoupleSync } from './useCoupleSync.ts'
import { CoupleProgress } from '../progress/therapist/CoupleProgress.tsx'
import { SessionContext } from '../session/SessionContext.tsx'
import './couples.css'

/** One couple's page for their therapist: who they are, their sessions, their access and their plan. */
export function CouplePage({ coupleId }: { coupleId: string }) {
  return <TherapistShell>{() => <CoupleOverview coupleId={coupleId} />}</TherapistShell>
}

type Load =
  { state: 'loading' } | { state: 'ready'; detail: CoupleDetail } | { state: 'failed'; message: string }

function CoupleOverview({ coupleId }: { coupleId: string }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' })

  // On arrival and after each change made here; the plan below is live on its own.
  const reload = useCallback(async () => {
    try {
      setLoad({ state: 'ready', detail: await getCouple(coupleId) })
    } catch (error) {
      const missing = error instanceof ApiFailure && (error.status === 404 || error.status === 403)
      setLoad({
        state: 'failed',
        message: missing ? 'There is no couple at this address on your caseload.' : describeFailure(error),
      })
    }
  }, [coupleId])
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void reload()
  }, [reload])

  // The couple's document, live: the plan and the huddles' history both read it.
  const live = useCoupleSync(coupleId)
  const context = useMemo<SessionContextValue | null>(
    () =>
      live.state === 'open' ? { sessionId: coupleId, sync: live.sync, me: live.me, canEdit: false } : null,
    [coupleId, live],
  )
  useEffect(() => {
    if (live.state === 'signed-out') goToSignInAfterIdle()
  }, [live.state])

  if (load.state === 'loading') {
    return (
      <main className="couple-page" aria-busy="true">
        <p role="status" className="hint">
          Loading the couple’s page…
        </p>
      </main>
    )
  }
  if (load.state === 'failed') {
    return (
      <main className="couple-page" aria-labelledby="couple-missing">
        <h1 id="couple-missing">This page could not be opened</h1>
        <FormAlert message={load.message} />
        <p>
          <a href={CASELOAD_PATH}>Back to your couples</a>
        </p>
      </main>
    )
  }

  const { detail } = load
  const names = { partnerA: detail.couple.partnerAName, partnerB: detail.couple.partnerBName }
  return (
    <main className="couple-page" aria-labelledby="couple-heading">
      <p className="couple-page__back">
        <a href={CASELOAD_PATH}>← Your couples</a>
      </p>
      <CoupleHeader
        couple={detail.couple}
        onSaved={(couple) => setLoad({ state: 'ready', detail: { ...detail, couple } })}
      />
      <div className="couple-columns">
        <div>
          <CoupleSessions detail={detail} onChanged={() => void reload()} />
          {/* Flags come before the plan: a red one is what the therapist must not miss. */}
          {context && (
            <SessionContext.Provider value={context}>
              <CoupleProgress coupleId={coupleId} names={names} programStart={detail.couple.programStart} />
            </SessionContext.Provider>
          )}
          <CouplePlan live={live} context={context} names={names} />
        </div>
        <div>
          <PartnerAccess coupleId={coupleId} names={names} />
          <MeetingHistory history={detail.history} context={context} />
        </div>
      </div>
    </main>
  )
}
