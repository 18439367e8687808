import {
  advancePhase,
  endHuddle,
  extendPhase,
  pauseHuddle,
  resumeHuddle,
  skipToPhase,
} from '@session-board/board'
import type { HuddleView } from '@session-board/board'
import { useBoard, useSession } from '../session/SessionContext.tsx'

/** The therapist's hands on the clock. The server refuses these writes from anyone else. */
export function HuddleControls({ view }: { view: HuddleView }) {
  const { sync } = useSession()
  const { agenda } = useBoard().huddle
  const doc = sync.doc
  return (
    <div className="huddle__controls" role="group" aria-label="Huddle clock">
      {view.status === 'paused' ? (
        <button
          type="button"
          className="button button--primary button--small"
          onClick={() => resumeHuddle(doc)}
        >
          Resume
        </button>
      ) : (
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => pauseHuddle(doc)}
        >
          Pause
        </button>
      )}
      <button
        type="button"
        className="button button--quiet button--small"
        onClick={() => extendPhase(doc, 60_000)}
      >
        +1 min
      </button>
      <button
        type="button"
        className="button button--quiet button--small"
        onClick={() => extendPhase(doc, 120_000)}
      >
        +2 min
      </button>
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={view.phaseIndex === null || view.phaseIndex >= agenda.length - 1}
        onClick={() => advancePhase(doc)}
      >
        Next part
      </button>
      <label className="huddle__skip">
        <span>Go to</span>
        <select
          value={view.phaseIndex ?? 0}
          onChange={(event) => skipToPhase(doc, Number(event.target.value))}
        >
          {agenda.map((phase, index) => (
            <option key={phase.id} value={index}>
              {phase.title}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button button--danger button--small" onClick={() => endHuddle(doc)}>
        End the huddle
      </button>
    </div>
  )
}
