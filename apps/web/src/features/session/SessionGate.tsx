import { useEffect, useState } from 'react'
import type { Role, SessionSummary } from '@session-board/protocol'
import { ApiFailure, describeFailure } from '../../lib/api.ts'
import { fetchMe, signInUrl } from '../../lib/auth.ts'
import { createTokenSource, fetchConnectToken } from '../../lib/connectToken.ts'
import type { TokenSource } from '../../lib/connectToken.ts'
import { PageShell } from '../account/PageShell.tsx'
import { getSession } from '../dashboard/dashboardApi.ts'
import { SessionPage } from './SessionPage.tsx'
import './session.css'

export interface Identity {
  role: Role
  personId: string
  name: string
}

type Gate =
  | { state: 'opening' }
  | { state: 'open'; identity: Identity; tokens: TokenSource; summary: SessionSummary | null }
  | { state: 'not-invited' }
  | { state: 'failed'; message: string }

/**
 * Who may open this board is the server's answer, not a choice on the page: a connect token comes
 * back for the therapist who runs the session (login cookie) or for a person who joined through their
 * invitation link (that session's cookie), with their role.
 */
export function SessionGate({ sessionId }: { sessionId: string }) {
  const [gate, setGate] = useState<Gate>({ state: 'opening' })

  useEffect(() => {
    let active = true
    const open = async (): Promise<Gate> => {
      const token = await fetchConnectToken(sessionId)
      // The therapist's controls (start, end, reopen) change state, and /me hands out the CSRF token
      // they send; the session's record names its couple, for the way back to the couple's page.
      const summary =
        token.role === 'therapist' ? (await Promise.all([getSession(sessionId), fetchMe()]))[0] : null
      return {
        state: 'open',
        identity: { role: token.role, personId: token.personId, name: token.displayName },
        tokens: createTokenSource(sessionId, token),
        summary,
      }
    }
    open()
      .then((next) => active && setGate(next))
      .catch((error: unknown) => {
        if (!active) return
        if (error instanceof ApiFailure && (error.status === 401 || error.status === 403)) {
          setGate({ state: 'not-invited' })
        } else if (error instanceof ApiFailure && error.status === 404) {
          setGate({ state: 'failed', message: 'There is no session at this address.' })
        } else setGate({ state: 'failed', message: describeFailure(error) })
      })
    return () => {
      active = false
    }
  }, [sessionId])

  if (gate.state === 'open') return <SessionPage sessionId={sessionId} {...gate} />
  if (gate.state === 'opening') {
    return (
      <main className="page page--narrow" aria-busy="true">
        <p role="status">Opening the board…</p>
      </main>
    )
  }
  return (
    <PageShell>
      <main className="start-main" aria-labelledby="gate-heading">
        <h1 id="gate-heading">This board could not be opened</h1>
        {gate.state === 'not-invited' ? (
          <>
            <p>Ask your therapist for your link. The board opens from the personal link they send you.</p>
            <p>
              If you are the therapist running this session,{' '}
              <a href={signInUrl({ next: window.location.pathname })}>sign in</a> first.
            </p>
          </>
        ) : (
          <p>{gate.message}</p>
        )}
      </main>
    </PageShell>
  )
}
