import { useState } from 'react'
import { roleLabels } from '@session-board/protocol'
import type { SessionSummary } from '@session-board/protocol'
import { updateSessionInfo } from '@session-board/board'
import { PresenceList } from '../presence/PresenceList.tsx'
import { ConnectionIndicator } from './ConnectionIndicator.tsx'
import type { MeetingState } from './meetingState.ts'
import { partnerName, useBoard, useSession } from './SessionContext.tsx'
import { TherapistControls } from './TherapistControls.tsx'
import { UndoControls } from './UndoControls.tsx'

interface Props {
  meeting: MeetingState | null
  /** The session's record, for the therapist: its couple and its own title. */
  summary: SessionSummary | null
}

export function SessionHeader({ meeting, summary }: Props) {
  const { sessionId, sync, me, canEdit } = useSession()
  const snapshot = useBoard()
  const { session } = snapshot
  const [renaming, setRenaming] = useState(false)
  // The document's title is its current meeting's: another session's board names its own session.
  const current = meeting === 'live' || meeting === 'ended' || meeting === null
  const archived = snapshot.meetings.find((held) => held.sessionId === sessionId)?.title
  const title =
    (current ? session.title.trim() : archived || summary?.title) ||
    (meeting === 'upcoming' ? 'Upcoming session' : 'Untitled session')
  // The title is the therapist's to set; the server refuses anyone else. The partners' names belong to
  // the couple and are changed on the couple's page.
  const isTherapist = me.role === 'therapist'
  const mayRename = isTherapist && current

  return (
    <header className="session-header">
      <div className="session-header__top">
        <div className="session-header__title">
          <p className="brand">Session board</p>
          {renaming ? (
            <input
              className="title-input"
              aria-label="Session title"
              autoFocus
              maxLength={120}
              value={session.title}
              placeholder="Untitled session"
              onChange={(event) => updateSessionInfo(sync.doc, { title: event.target.value })}
              onBlur={() => setRenaming(false)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === 'Escape') setRenaming(false)
              }}
            />
          ) : (
            <h1 className="session-title">
              {title}
              {mayRename && (
                <button
                  type="button"
                  className="button button--quiet button--small"
                  onClick={() => setRenaming(true)}
                >
                  Rename<span className="visually-hidden"> session</span>
                </button>
              )}
            </h1>
          )}
        </div>
        {isTherapist && <TherapistControls meeting={meeting} coupleId={summary?.coupleId || null} />}
        {canEdit && <UndoControls />}
        <ConnectionIndicator />
      </div>
      <div className="session-header__bottom">
        <p className="partner-names partner-names--text" aria-label="Partners">
          <span className="partner-names__legend">Partners</span>
          <span>
            Partner A: <strong>{partnerName(snapshot, 'partnerA')}</strong>
          </span>
          <span>
            Partner B: <strong>{partnerName(snapshot, 'partnerB')}</strong>
          </span>
        </p>
        <PresenceList />
        <p className="session-header__me">
          You are <strong>{me.name}</strong> ({roleLabels[me.role]})
        </p>
      </div>
    </header>
  )
}
