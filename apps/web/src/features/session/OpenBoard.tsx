import { Suspense, lazy, useMemo, useState } from 'react'
import type { Presence, SessionSummary } from '@session-board/protocol'
import { PartBoundary } from '../../lib/PartBoundary.tsx'
import type { SessionSync } from '../../lib/sync.ts'
import { FloorPanel } from '../floor/FloorPanel.tsx'
import { DecisionGrid } from '../grid/DecisionGrid.tsx'
import { GoalsSection } from '../goals/GoalsSection.tsx'
import { HuddlePanel } from '../huddle/HuddlePanel.tsx'
import { NotesPanel } from '../notes/NotesPanel.tsx'
import { ReviewBoard } from '../review/ReviewBoard.tsx'
import { CallPanel } from '../video/CallPanel.tsx'
import { ReadOnlyBanner } from './ReadOnlyBanner.tsx'
import { useMeetingState } from './meetingState.ts'
import { SessionContext } from './SessionContext.tsx'
import type { SessionContextValue } from './SessionContext.tsx'
import { SessionHeader } from './SessionHeader.tsx'
import './boardAccess.css'

// tldraw is most of the code a board needs; it loads after the first screen is up. A failed load (the
// network dropped, a new version replaced the file) is remembered by lazy(), so "Try again" makes a new one.
const loadGoalCanvas = () => lazy(() => import('../canvas/GoalCanvas.tsx'))

interface Props {
  sessionId: string
  summary: SessionSummary | null
  sync: SessionSync
  me: Presence
  refusal: string | null
  onDismissRefusal: () => void
}

/** The board itself, once connected; it follows the session's state live (started, ended, reopened). */
export function OpenBoard({ sessionId, summary, sync, me, refusal, onDismissRefusal }: Props) {
  const meeting = useMeetingState(sync, sessionId)
  const [GoalCanvas, setGoalCanvas] = useState(loadGoalCanvas)
  const isPartner = me.role === 'partnerA' || me.role === 'partnerB'
  // Partners change the board only while its session is live (before the document arrives, as if it were).
  const canEdit = me.role !== 'observer' && !(isPartner && meeting !== null && meeting !== 'live')
  const context = useMemo<SessionContextValue>(
    () => ({ sessionId, sync, me, canEdit }),
    [sessionId, sync, me, canEdit],
  )

  // Each part has its own boundary: one that fails to render is replaced by a message, the rest go on.
  const board = (
    <main className="session-main">
      <div className="session-facilitation">
        <PartBoundary part="the huddle">
          <HuddlePanel />
        </PartBoundary>
        <PartBoundary part="the floor">
          <FloorPanel />
        </PartBoundary>
      </div>
      <PartBoundary part="the goal canvas" onReset={() => setGoalCanvas(loadGoalCanvas)}>
        <Suspense
          fallback={
            <section className="panel canvas" aria-busy="true">
              <p className="empty">Loading the goal canvas…</p>
            </section>
          }
        >
          <GoalCanvas />
        </Suspense>
      </PartBoundary>
      <PartBoundary part="the joint goals">
        <GoalsSection />
      </PartBoundary>
      <PartBoundary part="the review board">
        <ReviewBoard />
      </PartBoundary>
      <PartBoundary part="the decision grid">
        <DecisionGrid />
      </PartBoundary>
    </main>
  )

  return (
    <SessionContext.Provider value={context}>
      <div className="session-page">
        <a className="skip-link" href="#review-heading">
          Skip to the review board
        </a>
        <PartBoundary part="the session header">
          <SessionHeader meeting={meeting} summary={summary} />
        </PartBoundary>
        <div className="session-notices">
          <ReadOnlyBanner role={me.role} meeting={meeting} />
          {refusal && (
            <div className="notice session-notice" role="alert">
              <p>
                Your last change was not saved: {refusal} The board has been reloaded with everyone’s current
                version.
              </p>
              <button type="button" className="button button--quiet button--small" onClick={onDismissRefusal}>
                Dismiss<span className="visually-hidden"> this message</span>
              </button>
            </div>
          )}
        </div>
        <div className="session-with-call">
          <PartBoundary part="the video call" className="call">
            <CallPanel />
          </PartBoundary>
          <div className="session-with-call__board">
            {me.role === 'therapist' ? (
              // Only the therapist's page mounts the notes, so no one else ever asks for their token.
              <div className="session-body">
                <PartBoundary part="your private notes">
                  <NotesPanel sessionId={sessionId} />
                </PartBoundary>
                {board}
              </div>
            ) : (
              board
            )}
          </div>
        </div>
      </div>
    </SessionContext.Provider>
  )
}
