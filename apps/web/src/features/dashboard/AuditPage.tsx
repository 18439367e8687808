import { useEffect, useState } from 'react'
import { roleLabels, roleSchema } from '@session-board/protocol'
import type { AuditEntry, SessionSummary } from '@session-board/protocol'
import { describeFailure } from '../../lib/api.ts'
import { boardPath } from '../../lib/routes.ts'
import { FormAlert } from '../account/FormAlert.tsx'
import { auditActionLabels } from './auditLabels.ts'
import { auditCsvUrl, fetchAudit, getSession } from './dashboardApi.ts'
import { TherapistShell } from './TherapistShell.tsx'
import { formatExact } from './when.ts'

export function AuditPage({ sessionId }: { sessionId: string }) {
  return <TherapistShell>{() => <AuditTrail sessionId={sessionId} />}</TherapistShell>
}

function roleText(role: string | null): string {
  const parsed = roleSchema.safeParse(role)
  return parsed.success ? roleLabels[parsed.data] : (role ?? 'Unknown')
}

function AuditTrail({ sessionId }: { sessionId: string }) {
  const [session, setSession] = useState<SessionSummary | null>(null)
  const [entries, setEntries] = useState<AuditEntry[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  useEffect(() => {
    Promise.all([getSession(sessionId), fetchAudit(sessionId)])
      .then(([summary, trail]) => {
        setSession(summary)
        setEntries([...trail].sort((a, b) => b.at - a.at || b.id - a.id))
      })
      .catch((error: unknown) => setProblem(describeFailure(error)))
  }, [sessionId])

  return (
    <main className="audit" aria-labelledby="audit-heading">
      <p>
        <a href="/dashboard">Back to your sessions</a>
      </p>
      <div className="dashboard__head">
        <h1 id="audit-heading">Audit trail{session ? `: ${session.title}` : ''}</h1>
        <a className="button button--secondary button--small" href={auditCsvUrl(sessionId)} download>
          Download as CSV
        </a>
      </div>
      <p className="hint">
        Every sign-in, join, link, refused change and export for this session, newest first. It lists ids and
        codes only, never what was written on the board. Downloading it is recorded too.
      </p>
      {session && (
        <p>
          <a href={boardPath(sessionId)}>Open the board</a>
        </p>
      )}
      <FormAlert message={problem} />
      {entries === null && !problem && (
        <p role="status" className="hint">
          Loading the audit trail…
        </p>
      )}
      {entries !== null && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Audit entries">
          <table className="audit-table">
            <caption className="visually-hidden">Audit trail, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={new Date(entry.at).toISOString()}>{formatExact(entry.at)}</time>
                  </td>
                  <td>
                    {entry.actorRole || entry.actorId ? (
                      <>
                        {roleText(entry.actorRole)}
                        {entry.actorId && <span className="audit-table__id"> {entry.actorId}</span>}
                      </>
                    ) : (
                      'Nobody identified'
                    )}
                  </td>
                  <td>{auditActionLabels[entry.action]}</td>
                  <td className="audit-table__id">
                    {[entry.detail, entry.subjectId].filter(Boolean).join(' · ') || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  )
}
