import { useId, useState } from 'react'
import { replaceNotesText } from '@session-board/board'
import type { NotesPhase, NotesSync } from '../../lib/notesSync.ts'
import { useHasNotes, useNotesState, useNotesSync, useNotesText } from './useNotes.ts'
import './notes.css'

const phaseText: Record<NotesPhase | 'opening', string> = {
  opening: 'Connecting…',
  connecting: 'Connecting…',
  saving: 'Saving…',
  saved: 'Saved',
  offline: 'Offline; recent changes are saved when the connection returns (keep this tab open)',
  closed: 'Notes disconnected; reload the page to try again',
}

/**
 * The therapist's private notes, beside the board. They live in a separate document that only the
 * therapist's connections can open, so nothing here ever reaches the partners or observers.
 */
export function NotesPanel({ sessionId }: { sessionId: string }) {
  const opening = useNotesSync(sessionId)
  // Empty notes take no room: folded until they hold something, or the therapist opens them.
  const written = useHasNotes(opening.state === 'open' ? opening.sync : null)
  const [chosen, setChosen] = useState<boolean | null>(null)
  const open = chosen ?? written
  const id = useId()
  const ids = { heading: `${id}-heading`, body: `${id}-body`, privacy: `${id}-privacy`, state: `${id}-state` }

  return (
    <aside className={`notes panel${open ? ' notes--open' : ''}`} aria-labelledby={ids.heading}>
      <div className="notes__head">
        <h2 id={ids.heading} className="notes__heading">
          <button
            type="button"
            className="notes__toggle"
            aria-expanded={open}
            aria-controls={ids.body}
            onClick={() => setChosen(!open)}
          >
            <span className="notes__chevron" aria-hidden="true" />
            Private notes
          </button>
        </h2>
        {opening.state === 'open' ? (
          <NotesState sync={opening.sync} id={ids.state} />
        ) : (
          <p id={ids.state} className={`notes__state notes__state--${opening.state}`}>
            {opening.state === 'failed' ? 'Notes unavailable' : phaseText.opening}
          </p>
        )}
      </div>
      <div id={ids.body} className="notes__body" hidden={!open}>
        <p id={ids.privacy} className="notes__privacy">
          Only you can see these. They are kept apart from the shared board and are never sent to the partners
          or observers.
        </p>
        {opening.state === 'failed' ? (
          <p className="field-error" role="alert">
            Your notes could not be opened: {opening.message}
          </p>
        ) : (
          <NotesText
            sync={opening.state === 'open' ? opening.sync : null}
            labelledBy={ids.heading}
            describedBy={`${ids.privacy} ${ids.state}`}
          />
        )}
      </div>
    </aside>
  )
}

function NotesState({ sync, id }: { sync: NotesSync; id: string }) {
  const { phase } = useNotesState(sync)
  const trouble = phase === 'offline' || phase === 'closed'
  return (
    <>
      <p id={id} className={`notes__state notes__state--${phase}`} data-phase={phase}>
        {phaseText[phase]}
      </p>
      {/* Saving and saved change with every pause in typing; only trouble is announced. */}
      <p className="visually-hidden" role="status">
        {trouble ? `Private notes: ${phaseText[phase]}` : ''}
      </p>
    </>
  )
}

interface TextProps {
  sync: NotesSync | null
  labelledBy: string
  describedBy: string
}

function NotesText({ sync, labelledBy, describedBy }: TextProps) {
  if (!sync) {
    return (
      <textarea
        className="notes__text"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        readOnly
        value=""
        placeholder="Opening your notes…"
      />
    )
  }
  return <LiveNotesText sync={sync} labelledBy={labelledBy} describedBy={describedBy} />
}

function LiveNotesText({ sync, labelledBy, describedBy }: TextProps & { sync: NotesSync }) {
  const text = useNotesText(sync)
  const { loaded } = useNotesState(sync)
  return (
    <textarea
      className="notes__text"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      // Until the server's copy arrives, an empty box would look like the notes were lost.
      readOnly={!loaded}
      value={text}
      placeholder={
        loaded ? 'Observations, hypotheses, things to return to next time…' : 'Opening your notes…'
      }
      spellCheck
      onChange={(event) => replaceNotesText(sync.doc, event.target.value)}
    />
  )
}
