import { startHuddle, setAgenda } from '@session-board/board'
import type { AgendaPhase } from '@session-board/board'
import { useSession } from '../session/SessionContext.tsx'

/** Before the huddle starts, the therapist shapes it: parts, minutes, and which wait for them. */
export function AgendaEditor({ agenda }: { agenda: AgendaPhase[] }) {
  const { sync } = useSession()
  const total = agenda.reduce((sum, phase) => sum + phase.minutes, 0)
  const change = (index: number, patch: Partial<AgendaPhase>) =>
    setAgenda(
      sync.doc,
      agenda.map((phase, at) => (at === index ? { ...phase, ...patch } : phase)),
    )
  const move = (index: number, by: number) => {
    const next = [...agenda]
    const [phase] = next.splice(index, 1)
    next.splice(index + by, 0, phase!)
    setAgenda(sync.doc, next)
  }
  const add = () =>
    setAgenda(sync.doc, [
      ...agenda,
      {
        id: `phase_${Date.now().toString(36)}`,
        kind: 'custom',
        title: 'Another part',
        minutes: 3,
        advance: 'auto',
      },
    ])

  return (
    <div className="agenda-editor">
      <p className="field-hint">
        {agenda.length} parts, {total} minutes. A part moves on by itself when its time is up, after a
        ten-second warning, unless it waits for you.
      </p>
      <ol className="agenda-editor__list">
        {agenda.map((phase, index) => (
          <li key={phase.id}>
            <fieldset>
              <legend className="visually-hidden">Part {index + 1}</legend>
              <label>
                <span className="visually-hidden">Part {index + 1} title</span>
                <input
                  value={phase.title}
                  maxLength={60}
                  onChange={(event) => change(index, { title: event.target.value })}
                />
              </label>
              <label className="agenda-editor__minutes">
                <input
                  type="number"
                  min={1}
                  max={60}
                  value={phase.minutes}
                  aria-label={`Minutes for ${phase.title}`}
                  onChange={(event) => {
                    const minutes = Math.round(Number(event.target.value))
                    if (minutes >= 1 && minutes <= 60) change(index, { minutes })
                  }}
                />
                <span aria-hidden="true">min</span>
              </label>
              <select
                aria-label={`When ${phase.title} ends`}
                value={phase.advance}
                onChange={(event) => change(index, { advance: event.target.value as AgendaPhase['advance'] })}
              >
                <option value="auto">Moves on by itself</option>
                <option value="therapist">Waits for me</option>
              </select>
              <span className="agenda-editor__actions">
                <button
                  type="button"
                  className="button button--quiet button--small"
                  disabled={index === 0}
                  aria-label={`Move ${phase.title} earlier`}
                  onClick={() => move(index, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button button--quiet button--small"
                  disabled={index === agenda.length - 1}
                  aria-label={`Move ${phase.title} later`}
                  onClick={() => move(index, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="button button--quiet button--small"
                  disabled={agenda.length === 1}
                  aria-label={`Remove ${phase.title}`}
                  onClick={() =>
                    setAgenda(
                      sync.doc,
                      agenda.filter((_, at) => at !== index),
                    )
                  }
                >
                  ✕
                </button>
              </span>
            </fieldset>
          </li>
        ))}
      </ol>
      <div className="agenda-editor__footer">
        <button type="button" className="button button--quiet button--small" onClick={add}>
          Add a part
        </button>
        <button type="button" className="button button--primary" onClick={() => startHuddle(sync.doc)}>
          Start the huddle
        </button>
      </div>
    </div>
  )
}
