import { useState } from 'react'
import type { FormEvent } from 'react'
import { createSessionSchema } from '@session-board/protocol'
import type { Invitation, SessionSummary } from '@session-board/protocol'
import { FormAlert } from '../account/FormAlert.tsx'
import { TextField } from '../account/TextField.tsx'
import { useSchemaForm } from '../account/useSchemaForm.ts'
import { PartnerNameFields } from '../couples/CoupleFields.tsx'
import { createSession } from './dashboardApi.ts'

interface Props {
  onCreated: (created: { session: SessionSummary; invitations: Invitation[] }) => void
}

const noNames = { partnerAName: '', partnerBName: '' }

export function CreateSessionForm({ onCreated }: Props) {
  const [title, setTitle] = useState('')
  const [names, setNames] = useState(noNames)
  const [when, setWhen] = useState('')
  const form = useSchemaForm(createSessionSchema)
  const { errors, problem, busy } = form

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const scheduledFor = when ? new Date(when).getTime() : undefined
    void form.submit({ title, ...names, scheduledFor }, async (session) => {
      onCreated(await createSession(session))
      setTitle('')
      setNames(noNames)
      setWhen('')
    })
  }

  return (
    <section className="panel create-session" aria-labelledby="create-heading">
      <h3 id="create-heading">A first session for a new couple</h3>
      <p className="hint">
        For meeting a couple straight away: this adds them to your couples and opens their first session. Each
        partner gets a personal link; nobody needs an account.
      </p>
      <form className="create-session__form" onSubmit={submit} noValidate>
        <TextField
          label="Session title"
          maxLength={120}
          placeholder="For example: Week 3, goal huddle"
          value={title}
          onChange={setTitle}
          error={errors.title}
        />
        <PartnerNameFields
          names={names}
          onChange={(patch) => setNames((current) => ({ ...current, ...patch }))}
          errors={errors}
        />
        <TextField
          label="Planned for (optional)"
          type="datetime-local"
          value={when}
          onChange={setWhen}
          error={errors.scheduledFor}
        />
        <div className="create-session__submit">
          <FormAlert message={problem} />
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create session'}
          </button>
        </div>
      </form>
    </section>
  )
}
