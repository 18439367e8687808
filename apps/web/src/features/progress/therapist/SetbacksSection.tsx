import { useEffect } from 'react'
import { startSetbackReview } from '@session-board/board'
import { useBoard, useSession } from '../../session/SessionContext.tsx'
import { SetbackReview } from './SetbackReview.tsx'
import { upgradeLine } from './upgradeWords.ts'

export const setbackHeadingId = (setbackId: string) => `setback-${setbackId}`

interface Props {
  /** The review just started (here or from a flag): its heading takes the focus. */
  focusId: string | null
  onStarted: (setbackId: string) => void
}

/** Setback reviews: the open ones to write with the couple, then the past ones with their upgrade. */
export function SetbacksSection({ focusId, onStarted }: Props) {
  const { sync } = useSession()
  const { setbacks, goals, plans, routines } = useBoard()
  const open = setbacks.filter((setback) => setback.status === 'open')
  const past = setbacks.filter((setback) => setback.status === 'done').reverse()

  useEffect(() => {
    if (focusId) document.getElementById(setbackHeadingId(focusId))?.focus()
  }, [focusId, open.length])

  return (
    <section className="panel progress-panel" aria-labelledby="setbacks-heading">
      <div className="panel__head">
        <h2 id="setbacks-heading">Setback reviews</h2>
        <p className="panel__intro">
          After a hard stretch, look at it together without blame, and turn what you learn into a plan
          upgrade.
        </p>
      </div>
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() => onStarted(startSetbackReview(sync.doc))}
      >
        Start a setback review
      </button>
      {open.map((setback) => (
        <SetbackReview key={setback.id} setback={setback} headingId={setbackHeadingId(setback.id)} />
      ))}
      <h3>Past reviews</h3>
      {past.length === 0 ? (
        <p className="empty">No setback reviews finished yet.</p>
      ) : (
        <ul className="setback-list" aria-label="Past setback reviews">
          {past.map((setback) => (
            <li key={setback.id} className="setback-list__item">
              <p className="setback-list__day">
                {new Date(setback.completedAt || setback.openedAt).toLocaleDateString(undefined, {
                  dateStyle: 'long',
                })}
              </p>
              {setback.whatWeTry && <p>What we will try: {setback.whatWeTry}</p>}
              {setback.affirmation && <p>Affirmation: {setback.affirmation}</p>}
              {setback.nextStep && <p>Next step: {setback.nextStep}</p>}
              <p className="setback-list__upgrade">{upgradeLine(setback, { goals, plans, routines })}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
