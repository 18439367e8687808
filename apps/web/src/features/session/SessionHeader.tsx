import { useState } from 'react'
import { roleLabels } from '@session-board/protocol'
import { updateSessionInfo } from '@session-board/board'
import type { SessionStatus } from '@session-board/board'
import { PresenceList } from '../presence/PresenceList.tsx'
import { ConnectionIndicator } from './ConnectionIndicator.tsx'
import { partnerName, useBoard, useSession } from './SessionContext.tsx'
import { TherapistControls } from './TherapistControls.tsx'
import { UndoControls } from './UndoControls.tsx'

export function SessionHeader({ status }: { status: SessionStatus }) {
  const { sync, me, canEdit } = useSession()
  const snapshot = useBoard()
  const { session } = snapshot
  const [renaming, setRenaming] = useState(false)
  const title = session.title.trim() || 'Untitled session'
  // The title and the partners' names are the therapist's to set; the server refuses anyone else.
  const isTherapist = me.role === 'therapist'

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
              {isTherapist && (
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
        {isTherapist && <TherapistControls status={status} />}
        {canEdit && <UndoControls />}
        <ConnectionIndicator />
      </div>
      <div className="session-header__bottom">
        {isTherapist ? (
          <fieldset className="partner-names">
            <legend className="partner-names__legend">Partners</legend>
            <label className="inline-field">
              <span>
                Partner A<span className="visually-hidden"> name</span>
              </span>
              <input
                value={session.partnerAName}
                placeholder="Name"
                maxLength={60}
                onChange={(event) => updateSessionInfo(sync.doc, { partnerAName: event.target.value })}
              />
            </label>
            <label className="inline-field">
              <span>
                Partner B<span className="visually-hidden"> name</span>
              </span>
              <input
                value={session.partnerBName}
                placeholder="Name"
                maxLength={60}
                onChange={(event) => updateSessionInfo(sync.doc, { partnerBName: event.target.value })}
              />
            </label>
          </fieldset>
        ) : (
          <p className="partner-names partner-names--text" aria-label="Partners">
            <span className="partner-names__legend">Partners</span>
            <span>
              Partner A: <strong>{partnerName(snapshot, 'partnerA')}</strong>
            </span>
            <span>
              Partner B: <strong>{partnerName(snapshot, 'partnerB')}</strong>
            </span>
          </p>
        )}
        <PresenceList />
        <p className="session-header__me">
          You are <strong>{me.name}</strong> ({roleLabels[me.role]})
        </p>
      </div>
    </header>
  )
}
