import { Suspense, lazy } from 'react'
import type { PartnerRole } from '@session-board/board'
import { roleLabels } from '@session-board/protocol'
import { usePresence } from '../presence/usePresence.ts'
import { partnerName, useBoard, useSession } from '../session/SessionContext.tsx'
import { fetchCallDetails } from './callDetails.ts'
import { callRole, tileName } from './callPeople.ts'
import type { DescribeParticipant } from './CallRoom.tsx'
import './video.css'

// LiveKit is a large client: the call loads after the board is up, like the canvas.
const CallStage = lazy(() => import('./CallStage.tsx'))

/** The session's video call beside the board; the board works the same with or without it. */
export function CallPanel() {
  const { sessionId, me } = useSession()
  const snapshot = useBoard()
  const people = usePresence()
  const partner = (role: PartnerRole) => partnerName(snapshot, role)
  const therapist = people.find((person) => person.role === 'therapist')?.name ?? null
  const describe: DescribeParticipant = (attributes) => {
    const role = callRole(attributes)
    return role && { role, name: tileName(role, { partner, therapist }), roleLabel: roleLabels[role] }
  }

  return (
    <Suspense
      fallback={
        <aside className="call panel" aria-label="Video call" aria-busy="true">
          <p className="empty">Loading the video call…</p>
        </aside>
      }
    >
      <CallStage
        sessionId={sessionId}
        role={me.role}
        fetchDetails={fetchCallDetails}
        describe={describe}
        floor={snapshot.floor}
        partnerName={partner}
        callKeyIndex={snapshot.callKeyIndex}
      />
    </Suspense>
  )
}
