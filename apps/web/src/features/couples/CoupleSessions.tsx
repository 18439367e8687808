import { useEffect, useRef, useState } from 'react'
import type { FormEvent } from 'react'
import type { CoupleDetail, SessionSummary } from '@session-board/protocol'
import { describeFailure } from '../../lib/api.ts'
import { boardPath } from '../../lib/routes.ts'
import { FormAlert } from '../account/FormAlert.tsx'
import { rememberLinks } from '../dashboard/linkStore.ts'
import { formatWhen } from '../dashboard/when.ts'
import { createCoupleSession, startSession } from './couplesApi.ts'

interface Props {
  detail: CoupleDetail
  onChanged: () => void
}

/** The couple's sessions: start the next one in one click, plan one, open any board. */
export function CoupleSessions({ detail, onChanged }: Props) {
  const { live, upcoming, past } = detail.sessions
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [planning, setPlanning] = useState(false)

  /** Starts a session and goes straight to its board, where the couple's plan is already waiting. */
  const startAndOpen = async (start: () => Promise<SessionSummary>) => {
    setBusy(true)
    setProblem(null)
    try {
      window.location.assign(boardPath((await start()).id))
    } catch (error) {
      setProblem(describeFailure(error))
      setBusy(false)
    }
  }
  const startNext = () =>
    startAndOpen(async () => {
      const created = await createCoupleSession(detail.couple.id, { start: true })
      rememberLinks(created.invitations)
      return created.session
    })

  return (
    <section className="panel couple-panel" aria-labelledby="couple-sessions-heading">
      <div className="couple-panel__head">
        <h2 id="couple-sessions-heading">Sessions</h2>
        <button
          type="button"
          className="button button--primary"
          disabled={busy}
          onClick={() => void startNext()}
        >
          Start the next session
        </button>
      </div>
      <p className="hint">
        {live[0]
          ? `“${live[0].title}” is live now; starting the next session ends it first.`
          : 'The next session opens on the couple’s plan as it stands now, with everything from before.'}
      </p>
      <FormAlert message={problem} />
      {live.length > 0 && (
        <SessionList heading="Live now" sessions={live} kind="live" busy={busy} onStart={startAndOpen} />
      )}
      <SessionList heading="Planned" sessions={upcoming} kind="upcoming" busy={busy} onStart={startAndOpen} />
      {planning ? (
        <PlanSessionForm
          coupleId={detail.couple.id}
          onDone={(planned) => {
            setPlanning(false)
            if (planned) onChanged()
          }}
        />
      ) : (
        <button
          type="button"
          className="button button--secondary button--small couple-sessions__plan"
          onClick={() => setPlanning(true)}
        >
          Plan a session for later
        </button>
      )}
      <SessionList heading="Past sessions" sessions={past} kind="past" busy={busy} onStart={startAndOpen} />
    </section>
  )
}

type Kind = 'live' | 'upcoming' | 'past'

const emptyText: Record<Kind, string> = {
  live: '',
  upcoming: 'No session planned yet.',
  past: 'No sessions have ended yet.',
}

interface ListProps {
  heading: string
  sessions: SessionSummary[]
  kind: Kind
  busy: boolean
  onStart: (start: () => Promise<SessionSummary>) => Promise<void>
}

function SessionList({ heading, sessions, kind, busy, onStart }: ListProps) {
  const id = `couple-sessions-${kind}`
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{heading}</h3>
      {sessions.length === 0 ? (
        <p className="empty">{emptyText[kind]}</p>
      ) : (
        <ul className="couple-sessions">
          {sessions.map((session) => (
            <li key={session.id} className={`couple-session couple-session--${kind}`}>
              <span className="couple-session__title">{session.title}</span>
              <span className="couple-session__when">{whenText(session, kind)}</span>
              {kind === 'upcoming' && (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  disabled={busy}
                  aria-label={`Start now: ${session.title}`}
                  onClick={() => void onStart(() => startSession(session.id))}
                >
                  Start now
                </button>
              )}
              <a
                className={`button button--small ${kind === 'live' ? 'button--primary' : 'button--quiet'}`}
                href={boardPath(session.id)}
                aria-label={`Open board: ${session.title}`}
              >
                Open board
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function whenText(session: SessionSummary, kind: Kind): string {
  if (kind === 'live' && session.startedAt !== null) return `Started ${formatWhen(session.startedAt)}`
  if (kind === 'past' && session.endedAt !== null) return `Ended ${formatWhen(session.endedAt)}`
  if (session.scheduledFor !== null) return `Planned for ${formatWhen(session.scheduledFor)}`
  return kind === 'upcoming' ? 'No date set' : ''
}

/** Plans a session for later: it waits, not started, until the therapist starts it. */
function PlanSessionForm({ coupleId, onDone }: { coupleId: string; onDone: (planned: boolean) => void }) {
  const [title, setTitle] = useState('')
  const [when, setWhen] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  const titleRef = useRef<HTMLInputElement>(null)
  useEffect(() => titleRef.current?.focus(), [])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const scheduledFor = when ? new Date(when).getTime() : undefined
    if (scheduledFor !== undefined && Number.isNaN(scheduledFor)) {
      setProblem('Please give the date and time the session is planned for.')
      return
    }
    setBusy(true)
    setProblem(null)
    try {
      await createCoupleSession(coupleId, {
        start: false,
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(scheduledFor !== undefined ? { scheduledFor } : {}),
      })
      onDone(true)
    } catch (error) {
      setProblem(describeFailure(error))
      setBusy(false)
    }
  }

  return (
    <form className="plan-session" onSubmit={(event) => void submit(event)} aria-label="Plan a session">
      <div className="field">
        <label htmlFor="plan-session-title">Title (optional)</label>
        <input
          ref={titleRef}
          id="plan-session-title"
          value={title}
          maxLength={120}
          onChange={(event) => setTitle(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="plan-session-when">Planned for</label>
        <input
          id="plan-session-when"
          type="datetime-local"
          value={when}
          onChange={(event) => setWhen(event.target.value)}
        />
      </div>
      <div className="button-row">
        <button type="submit" className="button button--primary button--small" disabled={busy}>
          {busy ? 'Planning…' : 'Plan the session'}
        </button>
        <button
          type="button"
          className="button button--quiet button--small"
          disabled={busy}
          onClick={() => onDone(false)}
        >
          Cancel
        </button>
      </div>
      <FormAlert message={problem} />
    </form>
  )
}
