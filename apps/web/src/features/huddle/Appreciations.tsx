import { useState } from 'react'
import { PARTNER_ROLES, otherPartner, setAppreciation } from '@session-board/board'
import { partnerName, useBoard, useSession } from '../session/SessionContext.tsx'
import { AnswerSaved } from './CheckInPrompts.tsx'
import './forms.css'

/** Appreciation: each partner names something specific the other did; it is kept with the huddle. */
export function Appreciations() {
  const { sync, me, canEdit } = useSession()
  const snapshot = useBoard()
  const [edited, setEdited] = useState(false)
  return (
    <div className="appreciations answers">
      {PARTNER_ROLES.map((partner) => {
        const name = partnerName(snapshot, partner)
        const to = partnerName(snapshot, otherPartner(partner))
        const text = snapshot.huddle.appreciations[partner]
        const id = `appreciation-${partner}`
        return me.role === partner && canEdit ? (
          <div className="field" key={partner}>
            <label htmlFor={id}>What I appreciated in {to} this week</label>
            <p className="field-hint" id={`${id}-hint`}>
              Something specific they did, and what it meant to you.
            </p>
            <textarea
              id={id}
              rows={2}
              maxLength={500}
              aria-describedby={`${id}-hint`}
              value={text}
              onChange={(event) => {
                setAppreciation(sync.doc, partner, event.target.value)
                setEdited(true)
              }}
            />
            <AnswerSaved shown={edited} />
          </div>
        ) : (
          <p key={partner} className="check-in__answer">
            <strong>
              {name} to {to}:
            </strong>{' '}
            {text.trim() || <span className="goal-card__empty">not written yet</span>}
          </p>
        )
      })}
    </div>
  )
}
