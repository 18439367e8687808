import { useState } from 'react'
import type { CoupleSummary } from '@session-board/protocol'
import { couplePath } from '../../lib/routes.ts'
import { useLoadOnArrival } from '../../lib/useLoadOnArrival.ts'
import { FormAlert } from '../account/FormAlert.tsx'
import { AddCoupleForm } from './AddCoupleForm.tsx'
import { OpenFlags } from '../progress/therapist/OpenFlags.tsx'
import { CoupleCard } from './CoupleCard.tsx'
import { listCouples } from './couplesApi.ts'
import { coupleName } from './coupleWords.ts'
import './couples.css'

/** Couples with a live session first, then by name. */
function byLiveThenName(a: CoupleSummary, b: CoupleSummary): number {
  const live = Number(b.liveSessionId !== null) - Number(a.liveSessionId !== null)
  return live || coupleName(a).localeCompare(coupleName(b))
}

/** The therapist's caseload: every couple they work with, each leading to the couple's own page. */
export function Caseload() {
  const { data: couples, problem, reload } = useLoadOnArrival(listCouples)
  const [adding, setAdding] = useState(false)

  return (
    <section className="caseload" aria-labelledby="caseload-heading">
      <div className="dashboard__head">
        <h1 id="caseload-heading">Your couples</h1>
        <div className="button-row">
          <button type="button" className="button button--secondary button--small" onClick={() => reload()}>
            Refresh<span className="visually-hidden"> the list of couples</span>
          </button>
          {!adding && (
            <button type="button" className="button button--primary" onClick={() => setAdding(true)}>
              Add a couple
            </button>
          )}
        </div>
      </div>
      {adding && (
        <AddCoupleForm
          onAdded={(couple) => window.location.assign(couplePath(couple.id))}
          onCancel={() => setAdding(false)}
        />
      )}
      <FormAlert message={problem} />
      <OpenFlags couples={couples} />
      {couples === null ? (
        !problem && (
          <p role="status" className="hint">
            Loading your couples…
          </p>
        )
      ) : couples.length === 0 ? (
        <p className="empty">No couples yet. Add the first couple to plan their sessions and their goals.</p>
      ) : (
        <ul className="couple-list" aria-label="Couples">
          {[...couples].sort(byLiveThenName).map((couple) => (
            <CoupleCard key={couple.id} couple={couple} />
          ))}
        </ul>
      )}
    </section>
  )
}
