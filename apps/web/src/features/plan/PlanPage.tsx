import { useCallback, useEffect, useState } from 'react'
import { FormAlert } from '../account/FormAlert.tsx'
import { PageShell } from '../account/PageShell.tsx'
import { PasskeySignIn } from '../join/PasskeySignIn.tsx'
import { PartnerPlan } from './PartnerPlan.tsx'
import type { PartnerDevice } from './planApi.ts'
import { checkPartnerDevice } from './planApi.ts'
import '../session/session.css'
import './plan.css'

/**
 * A partner's own start page between sessions, from their own phone: their couple's plan when this
 * device is signed in, otherwise a way to sign in again with the passkey they made when they joined.
 */
export function PlanPage() {
  const [device, setDevice] = useState<PartnerDevice>({ state: 'checking' })

  const check = useCallback(async () => {
    const found = await checkPartnerDevice()
    // The plan itself needs the network: offline, the page says so.
    setDevice(found.state === 'offline' ? { state: 'failed', message: found.message } : found)
  }, [])
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void check()
  }, [check])

  if (device.state === 'signed-in') {
    return (
      <PartnerPlan
        self={device.self}
        onSignedOut={() => setDevice({ state: 'signed-out' })}
        onChanged={check}
      />
    )
  }
  return (
    <PageShell>
      <main
        className="start-main plan-sign-in"
        aria-labelledby="plan-heading"
        aria-busy={device.state === 'checking'}
      >
        <h1 id="plan-heading">Your plan together</h1>
        {device.state === 'checking' && <p role="status">Checking this device…</p>}
        {device.state === 'failed' && <FormAlert message={device.message} />}
        {device.state === 'signed-out' && (
          <>
            <p>
              Sign in to see your goals and stepping stones, and to tell your therapist how the week went.
            </p>
            <PasskeySignIn onSignedIn={() => void check()} />
            <p className="hint">
              No passkey on this device? The personal link your therapist sent you works too: open it here and
              you are signed in again.
            </p>
          </>
        )}
      </main>
    </PageShell>
  )
}
