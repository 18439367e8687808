import { useState } from 'react'
import type { FormEvent } from 'react'
import { updateCoupleSchema } from '@session-board/protocol'
import type { CoupleSummary, CreateCouple } from '@session-board/protocol'
import { FormAlert } from '../account/FormAlert.tsx'
import { useSchemaForm } from '../account/useSchemaForm.ts'
import { CoupleFields } from './CoupleFields.tsx'
import { updateCouple } from './couplesApi.ts'
import { coupleName, formatDay, phaseLabel } from './coupleWords.ts'

interface Props {
  couple: CoupleSummary
  onSaved: (couple: CoupleSummary) => void
}

/** The couple's names, program start and phase, and a small form to correct or move them on. */
export function CoupleHeader({ couple, onSaved }: Props) {
  const [editing, setEditing] = useState(false)
  return (
    <header className="couple-head">
      <h1 id="couple-heading">{coupleName(couple)}</h1>
      <p className="couple-head__facts">
        <span className="tag">{phaseLabel(couple)}</span>
        <span>Program started {formatDay(couple.programStart)}</span>
        <button
          type="button"
          className="button button--quiet button--small"
          aria-expanded={editing}
          onClick={() => setEditing((open) => !open)}
        >
          Change names, start or phase
        </button>
      </p>
      {editing && (
        <EditCouple
          couple={couple}
          onDone={(saved) => {
            if (saved) onSaved(saved)
            setEditing(false)
          }}
        />
      )}
    </header>
  )
}

function EditCouple({
  couple,
  onDone,
}: {
  couple: CoupleSummary
  onDone: (saved: CoupleSummary | null) => void
}) {
  const [details, setDetails] = useState<CreateCouple>(() => ({
    partnerAName: couple.partnerAName,
    partnerBName: couple.partnerBName,
    programStart: couple.programStart,
    phase: couple.phase,
  }))
  const form = useSchemaForm(updateCoupleSchema)
  const { errors, problem, busy } = form

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const { partnerAName, partnerBName, programStart, phase } = details
    // Only what changed is sent, so two people correcting different things do not undo each other.
    const patch = {
      ...(partnerAName !== couple.partnerAName ? { partnerAName } : {}),
      ...(partnerBName !== couple.partnerBName ? { partnerBName } : {}),
      ...(programStart !== couple.programStart ? { programStart } : {}),
      ...(phase !== couple.phase ? { phase } : {}),
    }
    if (Object.keys(patch).length === 0) {
      onDone(null)
      return
    }
    void form.submit(patch, async (valid) => onDone(await updateCouple(couple.id, valid)))
  }

  return (
    <form
      id="couple-edit"
      className="panel couple-edit"
      onSubmit={submit}
      noValidate
      aria-label="The couple’s details"
    >
      <CoupleFields
        details={details}
        onChange={(patch) => setDetails((current) => ({ ...current, ...patch }))}
        errors={errors}
      />
      <div className="couple-edit__actions">
        <FormAlert message={problem} />
        <div className="button-row">
          <button type="submit" className="button button--primary button--small" disabled={busy}>
            {busy ? 'Saving…' : 'Save changes'}
          </button>
          <button
            type="button"
            className="button button--quiet button--small"
            disabled={busy}
            onClick={() => onDone(null)}
          >
            Cancel
          </button>
        </div>
      </div>
    </form>
  )
}
