import { useId, useState } from 'react'
import type { FormEvent } from 'react'
import { presenceSchema, roleLabels, roleSchema } from '@session-board/protocol'
import type { Role } from '@session-board/protocol'
import type { JoinDetails } from './joinStorage.ts'
import './session.css'

const roles = roleSchema.options

export function JoinForm({ onJoin }: { onJoin: (details: JoinDetails) => void }) {
  const [name, setName] = useState('')
  const [role, setRole] = useState<Role>('partnerA')
  const [error, setError] = useState<string | null>(null)
  const errorId = useId()

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const result = presenceSchema.shape.name.safeParse(name)
    if (!result.success) {
      setError(result.error.issues[0]?.message ?? 'Please give a name.')
      return
    }
    onJoin({ name: result.data, role })
  }

  return (
    <div className="page page--narrow">
      <header className="start-header">
        <p className="brand">Session board</p>
      </header>
      <main className="start-main" aria-labelledby="join-heading">
        <h1 id="join-heading">Join the session board</h1>
        <p>Your name and role are shown to the others in this session while you have the board open.</p>
        <form className="join-form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="join-name">Your name</label>
            <input
              id="join-name"
              name="name"
              autoComplete="given-name"
              maxLength={60}
              value={name}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              onChange={(event) => {
                setName(event.target.value)
                setError(null)
              }}
            />
            {error && (
              <p id={errorId} className="field-error" role="alert">
                {error}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor="join-role">Your role in this session</label>
            <select id="join-role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
              {roles.map((option) => (
                <option key={option} value={option}>
                  {roleLabels[option]}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--primary">
            Join the session
          </button>
        </form>
      </main>
    </div>
  )
}
