import { useState } from 'react'
import type { FormEvent } from 'react'
import { signUpSchema } from '@session-board/protocol'
import { signUp } from '../../lib/auth.ts'
import { FormAlert } from './FormAlert.tsx'
import { PageShell } from './PageShell.tsx'
import { TextField } from './TextField.tsx'
import { useSchemaForm } from './useSchemaForm.ts'

export function SignUpPage() {
  const [displayName, setDisplayName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const form = useSchemaForm(signUpSchema, { leavesPage: true })
  const { errors, problem, busy } = form

  const submit = (event: FormEvent) => {
    event.preventDefault()
    void form.submit({ displayName, email, password }, async (account) => {
      await signUp(account)
      window.location.assign('/dashboard')
    })
  }

  return (
    <PageShell>
      <main className="start-main" aria-labelledby="sign-up-heading">
        <h1 id="sign-up-heading">Create a therapist account</h1>
        <p>
          An account lets you set up couples sessions, invite the partners and any observers, and see the
          record of who joined. Partners do not need an account.
        </p>
        <form className="stack-form" onSubmit={submit} noValidate>
          <TextField
            label="Your name, as the partners will see it"
            autoComplete="name"
            maxLength={80}
            value={displayName}
            onChange={setDisplayName}
            error={errors.displayName}
          />
          <TextField
            label="Email address"
            type="email"
            autoComplete="email"
            value={email}
            onChange={setEmail}
            error={errors.email}
          />
          <TextField
            label="Password"
            type="password"
            autoComplete="new-password"
            hint="At least 12 characters. A few unrelated words work well."
            value={password}
            onChange={setPassword}
            error={errors.password}
          />
          <FormAlert message={problem} />
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Creating the account…' : 'Create account'}
          </button>
        </form>
        <p className="hint">
          Already have an account? <a href="/sign-in">Sign in</a>
        </p>
      </main>
    </PageShell>
  )
}
