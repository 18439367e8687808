import { useCallback, useEffect, useState } from 'react'
import { goToSignInAfterIdle } from '../../../lib/auth.ts'
import { QuickHide } from '../log/QuickHide.tsx'
import { PLAN_PATH, couplePath } from '../../../lib/routes.ts'
import { FormAlert } from '../../account/FormAlert.tsx'
import { PageShell } from '../../account/PageShell.tsx'
import { useCoupleSync } from '../../couples/useCoupleSync.ts'
import { TherapistShell } from '../../dashboard/TherapistShell.tsx'
import type { PartnerDevice } from '../../plan/planApi.ts'
import { checkPartnerDevice } from '../../plan/planApi.ts'
import { ProgressView } from './ProgressView.tsx'

/** The therapist's progress view of one couple ('couple-progress'). */
export function CoupleProgressPage({ coupleId }: { coupleId: string }) {
  return (
    <TherapistShell>
      {() => (
        <main className="progress-page" aria-labelledby="progress-heading">
          <p className="progress-page__back">
            <a href={couplePath(coupleId)}>← The couple’s page</a>
          </p>
          <h1 id="progress-heading">Progress between sessions</h1>
          <LiveProgress coupleId={coupleId} onSignedOut={goToSignInAfterIdle} />
        </main>
      )}
    </TherapistShell>
  )
}

/** A partner's progress view ('plan-progress'), from their own signed-in device. */
export function PlanProgressPage() {
  const [device, setDevice] = useState<PartnerDevice>({ state: 'checking' })
  useEffect(() => {
    void checkPartnerDevice().then((found) =>
      // The progress view needs the network: offline, the page says so.
      setDevice(found.state === 'offline' ? { state: 'failed', message: found.message } : found),
    )
  }, [])
  const signedOut = useCallback(() => setDevice({ state: 'signed-out' }), [])

  return (
    <PageShell wide>
      <main
        className="progress-page"
        aria-labelledby="progress-heading"
        aria-busy={device.state === 'checking'}
      >
        <div className="progress-page__back">
          <a href={PLAN_PATH}>← Your plan</a>
          <QuickHide />
        </div>
        <h1 id="progress-heading">How it is going</h1>
        {device.state === 'checking' && (
          <p role="status" className="hint">
            Checking this device…
          </p>
        )}
        {device.state === 'failed' && <FormAlert message={device.message} />}
        {device.state === 'signed-out' && (
          <p>
            This device is not signed in. <a href={PLAN_PATH}>Sign in on your plan’s page</a>, then come back
            here.
          </p>
        )}
        {device.state === 'signed-in' && (
          <LiveProgress coupleId={device.self.coupleId} onSignedOut={signedOut} />
        )}
      </main>
    </PageShell>
  )
}

/** The couple's document gives the plan's metrics and the names; the entries come over REST. */
function LiveProgress({ coupleId, onSignedOut }: { coupleId: string; onSignedOut: () => void }) {
  const live = useCoupleSync(coupleId)
  useEffect(() => {
    if (live.state === 'signed-out') onSignedOut()
  }, [live.state, onSignedOut])
  if (live.state === 'failed') return <FormAlert message={`The plan could not be opened: ${live.message}`} />
  if (live.state !== 'open') {
    return (
      <p role="status" className="hint">
        Opening the plan…
      </p>
    )
  }
  return <ProgressView coupleId={coupleId} sync={live.sync} me={live.me} />
}
