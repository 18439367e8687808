import { useState } from 'react'
import { roleLabels } from '@session-board/protocol'
import { updateSessionInfo } from '@session-board/board'
import { PresenceList } from '../presence/PresenceList.tsx'
import { ConnectionIndicator } from './ConnectionIndicator.tsx'
import { useBoard, useSession } from './SessionContext.tsx'

export function SessionHeader({ onLeave }: { onLeave: () => void }) {
  const { sync, me, canEdit } = useSession()
  const { session } = useBoard()
  const [renaming, setRenaming] = useState(false)
  const title = session.title.trim() || 'Untitled session'

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
              {canEdit && (
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
        <ConnectionIndicator />
      </div>
      <div className="session-header__bottom">
        <fieldset className="partner-names" disabled={!canEdit}>
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
        <PresenceList />
        <div className="session-header__me">
          <span>
            You are <strong>{me.name}</strong> ({roleLabels[me.role]})
          </span>
          <button type="button" className="button button--quiet button--small" onClick={onLeave}>
            Change name or role
          </button>
        </div>
      </div>
    </header>
  )
}
