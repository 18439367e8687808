import { useState } from 'react'
import { huddleAt } from '@session-board/board'
import { useBoard, useSession } from '../session/SessionContext.tsx'
import { AgendaEditor } from './AgendaEditor.tsx'
import { isChimeMuted, setChimeMuted } from './chime.ts'
import { CheckInPrompts } from './CheckInPrompts.tsx'
import { ExperimentChoice } from './ExperimentChoice.tsx'
import { Appreciations } from './Appreciations.tsx'
import { HuddleControls } from './HuddleControls.tsx'
import { HuddleRecords } from './HuddleRecords.tsx'
import { useServerNow } from './useNow.ts'
import './huddle.css'

export function HuddlePanel() {
  const { me } = useSession()
  const snapshot = useBoard()
  const now = useServerNow()
  const view = huddleAt(snapshot.huddle, now)
  const [muted, setMuted] = useState(isChimeMuted)
  const isTherapist = me.role === 'therapist'
  const { agenda } = snapshot.huddle
  const active = view.status === 'running' || view.status === 'paused'

  return (
    <section className="panel huddle" aria-labelledby="huddle-heading" data-status={view.status}>
      <div className="panel__head huddle__head">
        <h2 id="huddle-heading">Goal huddle</h2>
        <div className="huddle__prefs">
          <label className="choice">
            <input
              type="checkbox"
              checked={muted}
              onChange={(event) => {
                setChimeMuted(event.target.checked)
                setMuted(event.target.checked)
              }}
            />
            Mute the chime
          </label>
        </div>
      </div>

      {view.status === 'notStarted' &&
        (isTherapist ? (
          <AgendaEditor agenda={agenda} />
        ) : (
          <p className="empty">
            The huddle has not started. Your therapist paces it:{' '}
            {agenda.map((phase) => phase.title).join(', ')}.
          </p>
        ))}

      {active && view.phase && (
        <div className={`huddle__now${view.warning ? ' huddle__now--warning' : ''}`}>
          <p className="huddle__phase">
            Now: <strong>{view.phase.title}</strong>
            {view.status === 'paused' && <span className="tag tag--pending">Paused</span>}
          </p>
          {view.waitingForTherapist && (
            <p className="huddle__waiting">
              Time is up for this part; the therapist moves on when you are ready.
            </p>
          )}
          {view.warning && <p className="huddle__warning">Ten seconds left in this part.</p>}
          <ol className="huddle__agenda" aria-label="Huddle agenda">
            {agenda.map((phase, index) => (
              <li
                key={phase.id}
                aria-current={index === view.phaseIndex ? 'step' : undefined}
                className={
                  index < (view.phaseIndex ?? 0) ? 'done' : index === view.phaseIndex ? 'current' : 'upcoming'
                }
              >
                {phase.title} · {phase.minutes} min
              </li>
            ))}
          </ol>
        </div>
      )}
      {active && view.finished && (
        <p className="huddle__waiting">All parts are done; the therapist ends the huddle.</p>
      )}

      {isTherapist && active && <HuddleControls view={view} />}

      {active && view.phase?.kind === 'checkIn' && <CheckInPrompts />}
      {active && view.phase?.kind === 'experiment' && <ExperimentChoice />}
      {active && view.phase?.kind === 'appreciation' && <Appreciations />}

      {view.status === 'ended' && (
        <p className="empty">This huddle is over; what happened in it is kept below.</p>
      )}
      <HuddleRecords />
    </section>
  )
}
