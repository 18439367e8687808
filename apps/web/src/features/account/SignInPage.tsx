import { useState } from 'react'
import type { FormEvent } from 'react'
import { signInSchema } from '@session-board/protocol'
import { safeNext, signIn } from '../../lib/auth.ts'
import { FormAlert } from './FormAlert.tsx'
import { PageShell } from './PageShell.tsx'
import { TextField } from './TextField.tsx'
import { useSchemaForm } from './useSchemaForm.ts'

export function SignInPage() {
  const query = new URLSearchParams(window.location.search)
  const reason = query.get('reason')
  const next = safeNext(query.get('next'))
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const form = useSchemaForm(signInSchema, { leavesPage: true })
  const { errors, problem, busy } = form

  const submit = (event: FormEvent) => {
    event.preventDefault()
    void form.submit({ email, password }, async (credentials) => {
      await signIn(credentials)
      window.location.assign(next)
    })
  }

  return (
    <PageShell>
      <main className="start-main" aria-labelledby="sign-in-heading">
        <h1 id="sign-in-heading">Sign in</h1>
        {reason === 'idle' && (
          <p className="notice" role="status">
            You were signed out after a period of inactivity. Please sign in again.
          </p>
        )}
        {reason === 'signed-out' && (
          <p className="notice" role="status">
            You have signed out.
          </p>
        )}
        <form className="stack-form" onSubmit={submit} noValidate>
          <TextField
            label="Email address"
            type="email"
            autoComplete="username"
            value={email}
            onChange={setEmail}
            error={errors.email}
          />
          <TextField
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            error={errors.password}
          />
          <FormAlert message={problem} />
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="hint">
          New here? <a href="/sign-up">Create a therapist account</a>. Partners join from the link their
          therapist sends and need no account.
        </p>
      </main>
    </PageShell>
  )
}
