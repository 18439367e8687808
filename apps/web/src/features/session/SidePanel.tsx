import { useId, useState } from 'react'
import type { SessionSummary } from '@session-board/protocol'
import { roleLabels } from '@session-board/protocol'
import { PartBoundary } from '../../lib/PartBoundary.tsx'
import { FloorPanel } from '../floor/FloorPanel.tsx'
import { NotesPanel } from '../notes/NotesPanel.tsx'
import { PresenceList } from '../presence/PresenceList.tsx'
import { CallPanel } from '../video/CallPanel.tsx'
import type { MeetingState } from './meetingState.ts'
import { useSession } from './SessionContext.tsx'
import { TherapistControls } from './TherapistControls.tsx'

interface Props {
  meeting: MeetingState | null
  summary: SessionSummary | null
}

/** What sits beside the board on a laptop: the call, the floor, who is here, and the therapist's own. */
export function SidePanel(props: Props) {
  const [open, setOpen] = useState(true)
  const id = useId()
  return (
    <aside className={`side-panel${open ? '' : ' side-panel--folded'}`} aria-label="Call, floor and people">
      <button
        type="button"
        className="button button--quiet button--small side-panel__fold"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Fold away' : 'Call and floor'}
        <span className="visually-hidden"> the side panel</span>
      </button>
      {/* Folded, the call goes on: only its picture is out of sight. */}
      <div id={id} className="side-panel__body" hidden={!open}>
        <PartBoundary part="the video call" className="call">
          <CallPanel />
        </PartBoundary>
        <SideParts {...props} />
      </div>
    </aside>
  )
}

/** The side panel's parts without the call: on a phone they are a tab, and the call floats. */
export function SideParts({ meeting, summary }: Props) {
  const { sessionId, me } = useSession()
  return (
    <>
      <PartBoundary part="the floor">
        <FloorPanel />
      </PartBoundary>
      <section className="panel side-people" aria-label="People and session">
        <PresenceList />
        <p className="side-people__me">
          You are <strong>{me.name}</strong> ({roleLabels[me.role]})
        </p>
        {me.role === 'therapist' && (
          <TherapistControls meeting={meeting} coupleId={summary?.coupleId || null} />
        )}
      </section>
      {/* Only the therapist's page mounts the notes, so no one else ever asks for their token. */}
      {me.role === 'therapist' && (
        <PartBoundary part="your private notes">
          <NotesPanel sessionId={sessionId} />
        </PartBoundary>
      )}
    </>
  )
}
