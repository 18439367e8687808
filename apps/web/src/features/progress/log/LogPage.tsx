import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type { Metric } from '@session-board/board'
import type { PartnerSelf } from '@session-board/protocol'
import type { SessionSync } from '../../../lib/sync.ts'
import { PLAN_PATH } from '../../../lib/routes.ts'
import { FormAlert } from '../../account/FormAlert.tsx'
import { useCoupleSync } from '../../couples/useCoupleSync.ts'
import { PasskeySignIn } from '../../join/PasskeySignIn.tsx'
import { checkPartnerDevice } from '../../plan/planApi.ts'
import { LogToday } from './LogToday.tsx'
import { StoneUpdates } from './StoneUpdates.tsx'
import type { Outline } from './outline.ts'
import { lastOutline, rememberOutline } from './outline.ts'
import { QuickHide } from './QuickHide.tsx'
import '../../session/session.css'
import '../../plan/plan.css'
import './log.css'

type Device =
  | { state: 'checking' }
  | { state: 'signed-in'; self: PartnerSelf }
  /** No network: the plan as this phone last saw it, when it saw it. */
  | { state: 'offline'; outline: Outline | null }
  | { state: 'signed-out' }
  | { state: 'failed'; message: string }

/** A partner logs today from their phone, online or not. */
export function LogPage() {
  const [device, setDevice] = useState<Device>({ state: 'checking' })

  const check = useCallback(async () => {
    const found = await checkPartnerDevice()
    setDevice(found.state === 'offline' ? { state: 'offline', outline: lastOutline() } : found)
  }, [])
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void check()
  }, [check])

  return (
    <div className="page page--narrow log-page">
      <header className="start-header log-header">
        <a className="brand brand--link" href={PLAN_PATH}>
          Your plan
        </a>
        <QuickHide />
      </header>
      <main className="log-main" aria-labelledby="log-heading" aria-busy={device.state === 'checking'}>
        <h1 id="log-heading">Log today</h1>
        {device.state === 'checking' && <p role="status">Checking this device…</p>}
        {device.state === 'failed' && <FormAlert message={device.message} />}
        {device.state === 'signed-out' && (
          <>
            <p>Sign in with your passkey to log today.</p>
            <PasskeySignIn onSignedIn={() => void check()} />
          </>
        )}
        {device.state === 'offline' &&
          (device.outline ? (
            <LogToday
              coupleId={device.outline.self.coupleId}
              role={partnerRole(device.outline.self)}
              planMetrics={device.outline.metrics}
            />
          ) : (
            <p className="notice">
              This phone is offline and has not opened your plan yet. Open this page once while online; after
              that you can log here offline too.
            </p>
          ))}
        {device.state === 'signed-in' && (
          <SignedInLog self={device.self} onSignedOut={() => setDevice({ state: 'signed-out' })} />
        )}
      </main>
    </div>
  )
}

/** Partners only reach this page; an observer's device is never signed in between sessions. */
const partnerRole = (self: PartnerSelf) => (self.role === 'partnerA' ? 'partnerA' : 'partnerB')

function SignedInLog({ self, onSignedOut }: { self: PartnerSelf; onSignedOut: () => void }) {
  const opening = useCoupleSync(self.coupleId)
  useEffect(() => {
    if (opening.state === 'signed-out') onSignedOut()
  }, [opening.state, onSignedOut])
  const sync = opening.state === 'open' ? opening.sync : null
  const live = usePlanMetrics(sync)
  const earlier = useMemo(() => {
    const outline = lastOutline()
    return outline?.self.coupleId === self.coupleId ? outline.metrics : []
  }, [self.coupleId])
  useEffect(() => {
    if (live) rememberOutline({ self, metrics: live })
  }, [live, self])

  return (
    <>
      {opening.state === 'opening' && (
        <p role="status" className="hint">
          Opening your plan…
        </p>
      )}
      <LogToday coupleId={self.coupleId} role={partnerRole(self)} planMetrics={live ?? earlier} />
      {opening.state === 'open' && (
        <StoneUpdates sessionId={self.coupleId} sync={opening.sync} me={opening.me} />
      )}
    </>
  )
}

const noChange = () => () => undefined

/** The plan's metrics, live from the couple's document once it is open. */
function usePlanMetrics(sync: SessionSync | null): Metric[] | null {
  return useSyncExternalStore(
    sync ? sync.board.subscribe : noChange,
    sync ? () => sync.board.getSnapshot().metrics : () => null,
  )
}
