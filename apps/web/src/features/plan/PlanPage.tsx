import { useCallback, useEffect, useState } from 'react'
import type { PartnerSelf } from '@session-board/protocol'
import { ApiFailure, describeFailure } from '../../lib/api.ts'
import { FormAlert } from '../account/FormAlert.tsx'
import { PageShell } from '../account/PageShell.tsx'
import { PasskeySignIn } from '../join/PasskeySignIn.tsx'
import { hiddenUntilSignIn } from '../progress/log/quickHide.ts'
import { PartnerPlan } from './PartnerPlan.tsx'
import { fetchPartnerSelf } from './planApi.ts'
import '../session/session.css'
import './plan.css'

type Device =
  | { state: 'checking' }
  | { state: 'signed-in'; self: PartnerSelf }
  | { state: 'signed-out' }
  | { state: 'failed'; message: string }

/**
 * A partner's own start page between sessions, from their own phone: their couple's plan when this
 * device is signed in, otherwise a way to sign in again with the passkey they made when they joined.
 */
export function PlanPage() {
  const [device, setDevice] = useState<Device>({ state: 'checking' })

  const check = useCallback(async () => {
    if (await hiddenUntilSignIn()) {
      setDevice({ state: 'signed-out' })
      return
    }
    try {
      const self = await fetchPartnerSelf()
      setDevice({ state: 'signed-in', self })
    } catch (error) {
      if (error instanceof ApiFailure && (error.status === 401 || error.status === 403)) {
        setDevice({ state: 'signed-out' })
      } else setDevice({ state: 'failed', message: describeFailure(error) })
    }
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
