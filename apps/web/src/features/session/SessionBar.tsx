import { useState } from 'react'
import type { BoardPart } from '@session-board/board'
import type { SessionSummary } from '@session-board/protocol'
import { updateSessionInfo } from '@session-board/board'
import { ConnectionIndicator } from './ConnectionIndicator.tsx'
import { FloorStatus } from './FloorStatus.tsx'
import { HuddleStatus } from './HuddleStatus.tsx'
import type { MeetingState } from './meetingState.ts'
import { partTabs } from './parts.ts'
import type { BoardView } from './parts.ts'
import { partnerName, useBoard, useSession } from './SessionContext.tsx'
import { UndoControls } from './UndoControls.tsx'

interface Props {
  meeting: MeetingState | null
  /** The session's record, for the therapist: its couple and its own title. */
  summary: SessionSummary | null
  follow: FollowProps
}

export interface FollowProps {
  /** Whether this person's main area follows the therapist. */
  following: boolean
  onFollow: (following: boolean) => void
  /** The part the therapist shows, and the one this person has open. */
  followed: BoardPart
  shown: BoardView
  /** Whether the therapist leads (their tabs move everyone who follows). */
  leading: boolean
}

/**
 * The slim bar that never scrolls away: whose session this is, the huddle's part and clock, who holds
 * the floor, following the therapist, and the connection.
 */
export function SessionBar({ meeting, summary, follow }: Props) {
  const { me, canEdit } = useSession()
  return (
    <header className="session-bar">
      <SessionTitle meeting={meeting} summary={summary} />
      <HuddleStatus />
      <FloorStatus />
      {me.role === 'therapist' ? <Leading leading={follow.leading} /> : <FollowSwitch {...follow} />}
      {canEdit && <UndoControls />}
      <ConnectionIndicator />
    </header>
  )
}

function SessionTitle({ meeting, summary }: Omit<Props, 'follow'>) {
  const { sessionId, sync, me } = useSession()
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
  const mayRename = me.role === 'therapist' && current
  const couple = `${partnerName(snapshot, 'partnerA')} & ${partnerName(snapshot, 'partnerB')}`

  return (
    <div className="session-bar__title">
      <p className="session-bar__couple">{couple}</p>
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
          <span className="session-title__text">{title}</span>
          {mayRename && (
            <button
              type="button"
              className="button button--quiet button--tiny"
              onClick={() => setRenaming(true)}
            >
              Rename<span className="visually-hidden"> session</span>
            </button>
          )}
        </h1>
      )}
    </div>
  )
}

/** A partner's or observer's switch: follow the therapist's part, or look elsewhere and jump back. */
function FollowSwitch({ following, onFollow, followed, shown }: FollowProps) {
  return (
    <div className="bar-item bar-follow">
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          checked={following}
          onChange={(event) => onFollow(event.target.checked)}
        />
        <span className="switch__track" aria-hidden="true" />
        Follow<span className="bar-follow__more"> the therapist</span>
      </label>
      {!following && shown !== followed && (
        <button
          type="button"
          className="button button--secondary button--tiny"
          onClick={() => onFollow(true)}
        >
          Back to {partTabs[followed].label}
        </button>
      )}
    </div>
  )
}

/** The therapist's own line: whether their tabs move everyone who follows. */
function Leading({ leading }: { leading: boolean }) {
  return (
    <p className="bar-item bar-follow bar-follow--lead">
      {leading ? 'Partners who follow see the part you open' : 'Your tabs move only your own view'}
    </p>
  )
}
