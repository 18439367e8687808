import { useEffect, useMemo, useRef } from 'react'
import type { PartnerSelf } from '@session-board/protocol'
import { LOG_PATH, PLAN_PROGRESS_PATH, boardPath } from '../../lib/routes.ts'
import { FormAlert } from '../account/FormAlert.tsx'
import { QuickHide } from '../progress/log/QuickHide.tsx'
import { useCoupleSync } from '../couples/useCoupleSync.ts'
import { ConnectionIndicator } from '../session/ConnectionIndicator.tsx'
import { useCurrentMeeting } from '../session/meetingState.ts'
import { SessionContext } from '../session/SessionContext.tsx'
import type { SessionContextValue } from '../session/SessionContext.tsx'
import type { SessionSync } from '../../lib/sync.ts'
import type { PartnerNames } from './names.ts'
import { PlanGoals } from './PlanGoals.tsx'

interface Props {
  self: PartnerSelf
  /** The device's sign-in ended (lapsed, or access withdrawn): back to signing in. */
  onSignedOut: () => void
  /** Ask the server again who this is and whether a session is live. */
  onChanged: () => void
}

/** The couple's plan, live, for one partner: their own yes to each goal and their stepping stones. */
export function PartnerPlan({ self, onSignedOut, onChanged }: Props) {
  const opening = useCoupleSync(self.coupleId)
  const names = useMemo<PartnerNames>(
    () => ({ partnerA: self.partnerAName, partnerB: self.partnerBName }),
    [self.partnerAName, self.partnerBName],
  )
  useEffect(() => {
    if (opening.state === 'signed-out') onSignedOut()
  }, [opening.state, onSignedOut])

  return (
    <div className="page page--narrow plan-page">
      <header className="start-header">
        <a className="brand brand--link" href="/">
          Session board
        </a>
        <QuickHide />
      </header>
      <main className="plan-main" aria-labelledby="plan-heading">
        <div className="plan-main__head">
          <div>
            <h1 id="plan-heading">Your plan together</h1>
            <p className="hint">
              Signed in as <strong>{self.displayName}</strong>, with{' '}
              {self.role === 'partnerA' ? names.partnerB : names.partnerA}
            </p>
          </div>
          <div className="plan-main__actions">
            <a className="button button--primary" href={LOG_PATH}>
              Log today
            </a>
            <a className="button" href={PLAN_PROGRESS_PATH}>
              How it is going
            </a>
          </div>
        </div>
        {self.liveSessionId && (
          <p className="notice notice--info plan-live">
            Your session is on now.{' '}
            <a className="button button--primary button--small" href={boardPath(self.liveSessionId)}>
              Join the live session
            </a>
          </p>
        )}
        {opening.state === 'opening' && (
          <p role="status" className="hint">
            Opening your plan…
          </p>
        )}
        {opening.state === 'failed' && <FormAlert message={opening.message} />}
        {opening.state === 'open' && (
          <OpenPlan self={self} names={names} onChanged={onChanged} {...opening} />
        )}
      </main>
    </div>
  )
}

interface OpenProps {
  self: PartnerSelf
  names: PartnerNames
  sync: SessionSync
  me: SessionContextValue['me']
  refusal: string | null
  dismissRefusal: () => void
  onChanged: () => void
}

function OpenPlan({ self, names, sync, me, refusal, dismissRefusal, onChanged }: OpenProps) {
  const context = useMemo<SessionContextValue>(
    () => ({ sessionId: self.coupleId, sync, me, canEdit: false }),
    [self.coupleId, sync, me],
  )
  // The therapist starting or ending a session shows in the document: ask again whether one is live.
  const meeting = useCurrentMeeting(sync)
  const seen = useRef(meeting)
  useEffect(() => {
    if (seen.current === meeting) return
    seen.current = meeting
    onChanged()
  }, [meeting, onChanged])

  return (
    <SessionContext.Provider value={context}>
      {refusal && (
        <div className="notice" role="alert">
          <p>Your last change was not saved: {refusal}</p>
          <button type="button" className="button button--quiet button--small" onClick={dismissRefusal}>
            Dismiss<span className="visually-hidden"> this message</span>
          </button>
        </div>
      )}
      <PlanGoals
        viewer={self.role}
        names={names}
        status={<ConnectionIndicator />}
        heading="Goals and stepping stones"
        intro="Between sessions you can say yes to a goal for yourself and note how each step went. The goals’ wording is changed together, in a session."
      />
    </SessionContext.Provider>
  )
}
