import { useEffect, useMemo, useState } from 'react'
import type { Presence, SessionSummary } from '@session-board/protocol'
import { goToSignInAfterIdle, keepLoginAlive } from '../../lib/auth.ts'
import type { TokenSource } from '../../lib/connectToken.ts'
import { openSession } from '../../lib/sync.ts'
import type { SessionSync } from '../../lib/sync.ts'
import { PageShell } from '../account/PageShell.tsx'
import { roleColors } from '../presence/colors.ts'
import { OpenBoard } from './OpenBoard.tsx'
import type { Identity } from './SessionGate.tsx'
import './session.css'

interface Props {
  sessionId: string
  identity: Identity
  tokens: TokenSource
  /** The session's record (its couple, its title), which only the therapist reads; null for others. */
  summary: SessionSummary | null
}

export function SessionPage({ sessionId, identity, tokens, summary }: Props) {
  const me = useMemo<Presence>(
    () => ({ name: identity.name, role: identity.role, color: roleColors[identity.role] }),
    [identity.name, identity.role],
  )
  const isTherapist = identity.role === 'therapist'
  const [sync, setSync] = useState<SessionSync | null>(null)
  // Bumped after a refused change: the document and the socket are built anew from the server's copy.
  const [generation, setGeneration] = useState(0)
  const [refusal, setRefusal] = useState<string | null>(null)
  const [accessLost, setAccessLost] = useState(false)

  useEffect(() => {
    const opened = openSession({
      sessionId,
      presence: me,
      tokens,
      onRefused: (refused) => {
        setRefusal(refused.message)
        setGeneration((value) => value + 1)
      },
      onAccessLost: () => (isTherapist ? goToSignInAfterIdle() : setAccessLost(true)),
    })
    // The socket is an outside resource tied to this component's life (opened and closed twice under
    // StrictMode), so it is created here and handed to render through state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSync(opened)
    return () => {
      setSync(null)
      opened.destroy()
    }
  }, [sessionId, me, tokens, isTherapist, generation])

  useEffect(() => (isTherapist ? keepLoginAlive(goToSignInAfterIdle) : undefined), [isTherapist])

  if (accessLost) {
    return (
      <PageShell>
        <main className="start-main" aria-labelledby="closed-heading">
          <h1 id="closed-heading">The board was closed</h1>
          <p>Your link is no longer active. Please ask your therapist for a new link.</p>
        </main>
      </PageShell>
    )
  }
  if (!sync) {
    return (
      <main className="page page--narrow" aria-busy="true">
        <p role="status">Opening the board…</p>
      </main>
    )
  }
  return (
    <OpenBoard
      sessionId={sessionId}
      summary={summary}
      sync={sync}
      me={me}
      refusal={refusal}
      onDismissRefusal={() => setRefusal(null)}
    />
  )
}
