import { Suspense, lazy, useId, useState } from 'react'
import type { PartnerRole } from '@session-board/board'
import { roleLabels } from '@session-board/protocol'
import { usePresence } from '../presence/usePresence.ts'
import { partnerName, useBoard, useSession } from '../session/SessionContext.tsx'
import { fetchCallDetails } from './callDetails.ts'
import { callRole, tileName } from './callPeople.ts'
import { phaseLabel } from './callState.ts'
import type { DescribeParticipant } from './CallRoom.tsx'
import './video.css'

// LiveKit is a large client: its code loads only once someone asks for the call, never with the board.
const CallStage = lazy(() => import('./CallStage.tsx'))

type Opening = 'prepare' | 'watch'

/**
 * The session's video call beside the board (or floating over it on a phone, where it starts as its
 * heading and one button); the board works the same with or without it.
 */
export function CallPanel({ brief = false }: { brief?: boolean }) {
  const { sessionId, me } = useSession()
  const snapshot = useBoard()
  const people = usePresence()
  const [opening, setOpening] = useState<Opening | null>(null)
  const partner = (role: PartnerRole) => partnerName(snapshot, role)
  const therapist = people.find((person) => person.role === 'therapist')?.name ?? null
  const describe: DescribeParticipant = (attributes) => {
    const role = callRole(attributes)
    return role && { role, name: tileName(role, { partner, therapist }), roleLabel: roleLabels[role] }
  }

  if (!opening) return <CallInvitation role={me.role} brief={brief} onOpen={setOpening} />
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
        opening={opening}
      />
    </Suspense>
  )
}

/** The call before anyone asked for it: as the call shows itself before joining, without its code. */
function CallInvitation({
  role,
  brief,
  onOpen,
}: {
  role: string
  /** Without the explanation: the small tile on a phone. */
  brief: boolean
  onOpen: (opening: Opening) => void
}) {
  const id = useId()
  const watching = role === 'observer'
  return (
    <aside className="call panel" aria-labelledby={`${id}-heading`} data-phase="not-joined">
      <div className="call__head">
        <h2 id={`${id}-heading`}>Video call</h2>
        <p className="call__phase call__phase--not-joined" role="status">
          {phaseLabel('not-joined')}
        </p>
      </div>
      <div className="call__body">
        <div className="call__start">
          <p className={brief ? 'visually-hidden' : 'hint'}>
            {watching
              ? 'You can watch the call. No one sees or hears you.'
              : 'Choose your camera and microphone first; you join muted unless you say otherwise.'}
          </p>
          <button
            type="button"
            className="button button--primary button--small"
            onClick={() => onOpen(watching ? 'watch' : 'prepare')}
          >
            {watching ? 'Watch the call' : 'Set up camera and microphone'}
          </button>
        </div>
      </div>
    </aside>
  )
}
