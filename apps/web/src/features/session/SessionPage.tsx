import { useEffect, useMemo, useState } from 'react'
import type { Presence } from '@session-board/protocol'
import { openSession } from '../../lib/sync.ts'
import type { SessionSync } from '../../lib/sync.ts'
import { GoalsSection } from '../goals/GoalsSection.tsx'
import { roleColors } from '../presence/colors.ts'
import { ReviewBoard } from '../review/ReviewBoard.tsx'
import type { JoinDetails } from './joinStorage.ts'
import { SessionContext } from './SessionContext.tsx'
import type { SessionContextValue } from './SessionContext.tsx'
import { SessionHeader } from './SessionHeader.tsx'
import './session.css'

interface Props {
  sessionId: string
  details: JoinDetails
  onLeave: () => void
}

export function SessionPage({ sessionId, details, onLeave }: Props) {
  const me = useMemo<Presence>(
    () => ({ name: details.name, role: details.role, color: roleColors[details.role] }),
    [details.name, details.role],
  )
  const [sync, setSync] = useState<SessionSync | null>(null)

  useEffect(() => {
    const opened = openSession(sessionId, me)
    // The socket is an outside resource tied to this component's life (opened and closed twice under
    // StrictMode), so it is created here and handed to render through state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSync(opened)
    return () => {
      setSync(null)
      opened.destroy()
    }
  }, [sessionId, me])

  const context = useMemo<SessionContextValue | null>(
    () => (sync ? { sync, me, canEdit: me.role !== 'observer' } : null),
    [sync, me],
  )

  if (!context) {
    return (
      <main className="page page--narrow" aria-busy="true">
        <p role="status">Opening the board…</p>
      </main>
    )
  }

  return (
    <SessionContext.Provider value={context}>
      <div className="session-page">
        <a className="skip-link" href="#review-heading">
          Skip to the review board
        </a>
        <SessionHeader onLeave={onLeave} />
        <main className="session-main">
          <GoalsSection />
          <ReviewBoard />
        </main>
      </div>
    </SessionContext.Provider>
  )
}
