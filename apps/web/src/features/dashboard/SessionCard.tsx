import { useState } from 'react'
import { roleLabels } from '@session-board/protocol'
import type { SessionSummary } from '@session-board/protocol'
import { describeFailure } from '../../lib/api.ts'
import { auditPath, boardPath, couplePath } from '../../lib/routes.ts'
import { FormAlert } from '../account/FormAlert.tsx'
import { EndSessionDialog } from '../session/EndSessionDialog.tsx'
import { startSession } from '../couples/couplesApi.ts'
import { endSession, reopenSession } from './dashboardApi.ts'
import { InvitationLinks } from './InvitationLinks.tsx'
import { formatWhen } from './when.ts'

interface Props {
  session: SessionSummary
  onChanged: () => void
}

function presentText(session: SessionSummary): string {
  if (session.present.length === 0) return 'Nobody has the board open.'
  const roles = session.present.map((person) => roleLabels[person.role])
  return `Here now: ${roles.join(', ')}`
}

export function SessionCard({ session, onChanged }: Props) {
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const ended = session.status === 'ended'
  const planned = !ended && session.startedAt === null
  const headingId = `session-${session.id}-title`

  const change = async (work: (id: string) => Promise<unknown>) => {
    setBusy(true)
    setProblem(null)
    try {
      await work(session.id)
      setConfirming(false)
      onChanged()
    } catch (error) {
      setProblem(describeFailure(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <li className={`session-card${ended ? ' session-card--ended' : ''}`}>
      <article aria-labelledby={headingId}>
        <div className="session-card__head">
          <h4 id={headingId} className="session-card__title">
            {session.title}
          </h4>
          <span className={`tag ${ended || planned ? '' : 'tag--agreed'}`}>
            {ended ? 'Ended' : planned ? 'Planned' : 'Open'}
          </span>
        </div>
        <p className="session-card__meta">
          {session.scheduledFor !== null && <span>Planned for {formatWhen(session.scheduledFor)}. </span>}
          {ended && session.endedAt !== null ? (
            <span>Ended {formatWhen(session.endedAt)}.</span>
          ) : (
            <span>{presentText(session)}</span>
          )}
        </p>
        <div className="session-card__actions">
          <a
            className="button button--primary button--small"
            href={boardPath(session.id)}
            aria-label={`Open board: ${session.title}`}
          >
            Open board
          </a>
          {ended ? (
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={busy}
              onClick={() => change(reopenSession)}
              aria-label={`Reopen session: ${session.title}`}
            >
              Reopen session
            </button>
          ) : planned ? (
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={busy}
              onClick={() => change(startSession)}
              aria-label={`Start session: ${session.title}`}
            >
              Start session
            </button>
          ) : (
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={busy}
              onClick={() => {
                setProblem(null)
                setConfirming(true)
              }}
              aria-label={`End session: ${session.title}`}
            >
              End session
            </button>
          )}
          <a
            className="button button--quiet button--small"
            href={auditPath(session.id)}
            aria-label={`Audit trail: ${session.title}`}
          >
            Audit trail
          </a>
          {session.coupleId && (
            <a
              className="button button--quiet button--small"
              href={couplePath(session.coupleId)}
              aria-label={`The couple’s page: ${session.title}`}
            >
              The couple’s page
            </a>
          )}
        </div>
        <FormAlert message={confirming ? null : problem} />
        <EndSessionDialog
          open={confirming}
          sessionTitle={session.title}
          busy={busy}
          problem={problem}
          onConfirm={() => void change(endSession)}
          onCancel={() => {
            setConfirming(false)
            setProblem(null)
          }}
        />
        <InvitationLinks sessionId={session.id} ended={ended} />
      </article>
    </li>
  )
}
