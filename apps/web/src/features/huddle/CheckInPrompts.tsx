import { useState } from 'react'
import { PARTNER_ROLES, setCheckIn } from '@session-board/board'
import type { PartnerRole } from '@session-board/board'
import { SavedNote } from '../session/SavedNote.tsx'
import { partnerName, useBoard, useSession } from '../session/SessionContext.tsx'
import { checkInPrompts } from './prompts.ts'
import './forms.css'

/** Check-in: each partner answers the five prompts for themselves; the other reads along. */
export function CheckInPrompts() {
  const { sync, me, canEdit } = useSession()
  const snapshot = useBoard()
  const [edited, setEdited] = useState<string | null>(null)
  return (
    <div className="check-in answers">
      {PARTNER_ROLES.map((partner: PartnerRole) => {
        const own = me.role === partner && canEdit
        const name = partnerName(snapshot, partner)
        const answers = snapshot.huddle.checkIn[partner]
        return (
          <fieldset key={partner} className="check-in__partner">
            <legend>{own ? `Your check-in, ${name}` : `${name}’s check-in`}</legend>
            {checkInPrompts.map(({ prompt, label, hint }) => {
              const id = `check-in-${partner}-${prompt}`
              return own ? (
                <div className="field" key={prompt}>
                  <label htmlFor={id}>{label}</label>
                  <p className="field-hint" id={`${id}-hint`}>
                    {hint}
                  </p>
                  <textarea
                    id={id}
                    rows={1}
                    maxLength={500}
                    aria-describedby={`${id}-hint`}
                    value={answers[prompt]}
                    onChange={(event) => {
                      setCheckIn(sync.doc, partner, prompt, event.target.value)
                      setEdited(prompt)
                    }}
                  />
                  <AnswerSaved shown={edited === prompt} />
                </div>
              ) : (
                <p key={prompt} className="check-in__answer">
                  <strong>{label}:</strong>{' '}
                  {answers[prompt].trim() || <span className="goal-card__empty">…</span>}
                </p>
              )
            })}
          </fieldset>
        )
      })}
    </div>
  )
}

/** Under the answer last written: the check-in's and the appreciations' saved note. */
export const AnswerSaved = ({ shown }: { shown: boolean }) => (
  <SavedNote shown={shown} saved="Saved. Everyone in this session can read it." className="answer-saved" />
)
