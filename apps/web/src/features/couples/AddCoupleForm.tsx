import { useState } from 'react'
import type { FormEvent } from 'react'
import { createCoupleSchema, phaseLabels, treatmentPhases } from '@session-board/protocol'
import type { CoupleSummary, TreatmentPhase } from '@session-board/protocol'
import { FormAlert } from '../account/FormAlert.tsx'
import { TextField } from '../account/TextField.tsx'
import { useSchemaForm } from '../account/useSchemaForm.ts'
import { createCouple } from './couplesApi.ts'
import { today } from './coupleWords.ts'

interface Props {
  onAdded: (couple: CoupleSummary) => void
  onCancel: () => void
}

/** A new couple on the caseload: both names, when their program starts, and where they are in it. */
export function AddCoupleForm({ onAdded, onCancel }: Props) {
  const [partnerAName, setPartnerAName] = useState('')
  const [partnerBName, setPartnerBName] = useState('')
  const [programStart, setProgramStart] = useState(today)
  const [phase, setPhase] = useState<TreatmentPhase>('intake')
  const form = useSchemaForm(createCoupleSchema, { leavesPage: true })
  const { errors, problem, busy } = form

  const submit = (event: FormEvent) => {
    event.preventDefault()
    void form.submit({ partnerAName, partnerBName, programStart, phase }, async (couple) => {
      onAdded(await createCouple(couple))
    })
  }

  return (
    <section className="panel create-session" aria-labelledby="add-couple-heading">
      <h2 id="add-couple-heading">Add a couple</h2>
      <p className="hint">
        Their names show on their plan and on every session’s board. Each partner gets a personal link from
        the couple’s page; nobody needs an account.
      </p>
      <form className="create-session__form" onSubmit={submit} noValidate>
        <TextField
          label="Partner A’s name"
          maxLength={60}
          autoComplete="off"
          value={partnerAName}
          onChange={setPartnerAName}
          error={errors.partnerAName}
        />
        <TextField
          label="Partner B’s name"
          maxLength={60}
          autoComplete="off"
          value={partnerBName}
          onChange={setPartnerBName}
          error={errors.partnerBName}
        />
        <TextField
          label="Program start"
          type="date"
          value={programStart}
          onChange={setProgramStart}
          error={errors.programStart}
        />
        <div className="field">
          <label htmlFor="add-couple-phase">Phase</label>
          <select
            id="add-couple-phase"
            value={phase}
            onChange={(event) => setPhase(event.target.value as TreatmentPhase)}
          >
            {treatmentPhases.map((value) => (
              <option key={value} value={value}>
                {phaseLabels[value]}
              </option>
            ))}
          </select>
        </div>
        <div className="create-session__submit">
          <FormAlert message={problem} />
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? 'Adding…' : 'Add the couple'}
            </button>
            <button type="button" className="button button--quiet" disabled={busy} onClick={onCancel}>
              Cancel
            </button>
          </div>
        </div>
      </form>
    </section>
  )
}
