import { useEffect, useRef, useState } from 'react'
import { advancePhase, huddleAt, pauseHuddle, resumeHuddle } from '@session-board/board'
import type { HuddleView } from '@session-board/board'
import { playChime } from '../huddle/chime.ts'
import { formatRemaining, spokenRemaining, useServerNow } from '../huddle/useNow.ts'
import { useBoard, useSession } from './SessionContext.tsx'

/** A chime and a spoken note when the huddle moves on to its next part. */
function usePartChange(view: HuddleView, announce: (text: string) => void) {
  const last = useRef<string | null>(null)
  const key = view.status === 'running' || view.status === 'paused' ? `${view.phaseIndex}` : null
  useEffect(() => {
    if (key === last.current) return
    const first = last.current === null
    last.current = key
    if (key === null || !view.phase || first) return
    playChime()
    announce(`The huddle moved on: ${view.phase.title}.`)
  }, [key, view.phase, announce])
}

/** The 10-second warning: a chime and a spoken note, once per huddle part. */
function useWarning(view: HuddleView, announce: (text: string) => void) {
  const warned = useRef<string | null>(null)
  const key = view.warning ? `${view.phaseIndex}` : null
  useEffect(() => {
    if (key === null || warned.current === key) return
    warned.current = key
    playChime()
    announce(`${view.phase?.title ?? 'This part'}: ten seconds left.`)
  }, [key, view.phase, announce])
}

/** The huddle's current part and its clock, for the session bar: always in view. */
export function HuddleStatus() {
  const { me, sync } = useSession()
  const { huddle } = useBoard()
  const now = useServerNow()
  const view = huddleAt(huddle, now)
  const [announcement, setAnnouncement] = useState('')
  usePartChange(view, setAnnouncement)
  useWarning(view, setAnnouncement)
  const active = (view.status === 'running' || view.status === 'paused') && view.phase

  return (
    <div
      className={`bar-item bar-huddle${view.warning ? ' bar-huddle--warning' : ''}`}
      data-status={view.status}
      data-testid="huddle-status"
    >
      <p className="bar-item__label">Huddle</p>
      {active ? (
        <p className="bar-item__value">
          <span className="bar-huddle__part" data-testid="huddle-part">
            {view.phase!.title}
          </span>
          <span
            className="bar-huddle__clock"
            role="timer"
            aria-label={`Time left in ${view.phase!.title}: ${spokenRemaining(view.remainingMs)}`}
          >
            <span data-testid="huddle-remaining">{formatRemaining(view.remainingMs)}</span>
          </span>
          {view.status === 'paused' && <span className="tag tag--pending">Paused</span>}
        </p>
      ) : (
        <p className="bar-item__value bar-item__value--quiet">
          {view.status === 'ended' ? 'Over for this session' : 'Not started'}
        </p>
      )}
      {/* The therapist paces the huddle from here, whatever part of the board is open. */}
      {active && me.role === 'therapist' && (
        <div className="bar-huddle__controls" role="group" aria-label="Pace the huddle">
          <button
            type="button"
            className="button button--quiet button--tiny"
            onClick={() => (view.status === 'paused' ? resumeHuddle(sync.doc) : pauseHuddle(sync.doc))}
          >
            {view.status === 'paused' ? 'Resume' : 'Pause'}
            <span className="visually-hidden"> the huddle</span>
          </button>
          <button
            type="button"
            className="button button--secondary button--tiny"
            disabled={view.phaseIndex === null || view.phaseIndex >= huddle.agenda.length - 1}
            onClick={() => advancePhase(sync.doc)}
          >
            Next part<span className="visually-hidden"> of the huddle</span>
          </button>
        </div>
      )}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  )
}
