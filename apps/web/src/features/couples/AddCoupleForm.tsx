import { useState } from 'react'
import type { FormEvent } from 'react'
import { createCoupleSchema } from '@session-board/protocol'
import type { CoupleSummary, CreateCouple } from '@session-board/protocol'
import { FormAlert } from '../account/FormAlert.tsx'
import { useSchemaForm } from '../account/useSchemaForm.ts'
import { CoupleFields } from './CoupleFields.tsx'
import { createCouple } from './couplesApi.ts'
import { today } from './coupleWords.ts'

interface Props {
  onAdded: (couple: CoupleSummary) => void
  onCancel: () => void
}

/** A new couple on the caseload: both names, when their program starts, and where they are in it. */
export function AddCoupleForm({ onAdded, onCancel }: Props) {
  const [details, setDetails] = useState<CreateCouple>(() => ({
    partnerAName: '',
    partnerBName: '',
    programStart: today(),
    phase: 'intake',
  }))
  const form = useSchemaForm(createCoupleSchema, { leavesPage: true })
  const { errors, problem, busy } = form

  const submit = (event: FormEvent) => {
    event.preventDefault()
    void form.submit(details, async (couple) => {
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
        <CoupleFields
          details={details}
          onChange={(patch) => setDetails((current) => ({ ...current, ...patch }))}
          errors={errors}
          autoComplete="off"
        />
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
