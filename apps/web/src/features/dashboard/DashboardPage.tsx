import type { SessionSummary } from '@session-board/protocol'
import { useLoadOnArrival } from '../../lib/useLoadOnArrival.ts'
import { FormAlert } from '../account/FormAlert.tsx'
import { SignInSecurity } from '../account/SignInSecurity.tsx'
import { Caseload } from '../couples/Caseload.tsx'
import { CreateSessionForm } from './CreateSessionForm.tsx'
import { listSessions } from './dashboardApi.ts'
import { rememberLinks } from './linkStore.ts'
import { SessionCard } from './SessionCard.tsx'
import { TherapistShell } from './TherapistShell.tsx'

const groups = [
  { key: 'live', title: 'Live now', empty: 'No session has anyone connected at the moment.' },
  { key: 'upcoming', title: 'Upcoming', empty: 'No open sessions waiting.' },
  { key: 'ended', title: 'Ended', empty: 'No ended sessions yet.' },
] as const

/** The therapist's home: the caseload first, then every session across it. */
export function DashboardPage() {
  return (
    <TherapistShell>
      {() => (
        <main className="dashboard" aria-labelledby="caseload-heading">
          <Caseload />
          <SessionsOverview />
          <SignInSecurity />
        </main>
      )}
    </TherapistShell>
  )
}

function SessionsOverview() {
  const { data: dashboard, problem, reload } = useLoadOnArrival(listSessions)

  return (
    <section className="dashboard sessions-overview" aria-labelledby="sessions-heading">
      <div className="dashboard__head">
        <h2 id="sessions-heading">Your sessions</h2>
        <button type="button" className="button button--secondary button--small" onClick={() => reload()}>
          Refresh<span className="visually-hidden"> the list of sessions</span>
        </button>
      </div>
      <p className="hint">
        Every session across your couples. A couple’s own page has their plan, their history and the next
        session.
      </p>
      <CreateSessionForm
        onCreated={(created) => {
          rememberLinks(created.invitations)
          void reload()
        }}
      />
      <FormAlert message={problem} />
      {dashboard === null ? (
        <p role="status" className="hint">
          Loading sessions…
        </p>
      ) : (
        groups.map((group) => (
          <SessionGroup
            key={group.key}
            id={`group-${group.key}`}
            title={group.title}
            empty={group.empty}
            sessions={dashboard[group.key]}
            onChanged={() => void reload()}
          />
        ))
      )}
    </section>
  )
}

interface GroupProps {
  id: string
  title: string
  empty: string
  sessions: SessionSummary[]
  onChanged: () => void
}

function SessionGroup({ id, title, empty, sessions, onChanged }: GroupProps) {
  return (
    <section className="session-group" aria-labelledby={id}>
      <h3 id={id}>
        {title} <span className="session-group__count">({sessions.length})</span>
      </h3>
      {sessions.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <ul className="session-list">
          {sessions.map((session) => (
            <SessionCard key={session.id} session={session} onChanged={onChanged} />
          ))}
        </ul>
      )}
    </section>
  )
}
