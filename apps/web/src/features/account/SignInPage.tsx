import { useEffect, useRef, useState } from 'react'
import type { FormEvent } from 'react'
import { signInSchema } from '@session-board/protocol'
import { ApiFailure } from '../../lib/api.ts'
import { safeNext } from '../../lib/auth.ts'
import { completeSignInWithPasskey, describePasskeyFailure, signInWithPassword } from '../../lib/passkeys.ts'
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
  // The password was right and the account has a passkey: the passkey completes the sign-in.
  const [pendingLogin, setPendingLogin] = useState<string | null>(null)
  const [expiredNotice, setExpiredNotice] = useState<string | null>(null)
  const form = useSchemaForm(signInSchema)
  const { errors, problem, busy } = form

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setExpiredNotice(null)
    void form.submit({ email, password }, async (credentials) => {
      const step = await signInWithPassword(credentials)
      if (step.kind === 'signed-in') window.location.assign(next)
      else {
        setPassword('')
        setPendingLogin(step.pendingLogin)
      }
    })
  }

  if (pendingLogin) {
    return (
      <PageShell>
        <PasskeyStep
          pendingLogin={pendingLogin}
          onSignedIn={() => window.location.assign(next)}
          onBack={(notice) => {
            setPendingLogin(null)
            setExpiredNotice(notice)
          }}
        />
      </PageShell>
    )
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
        {expiredNotice && (
          <p className="notice" role="status">
            {expiredNotice}
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

type PasskeyStepProps = {
  pendingLogin: string
  onSignedIn: () => void
  /** Back to the password, with why (e.g. the five minutes passed), or null when the person chose it. */
  onBack: (notice: string | null) => void
}

/**
 * The second step for a therapist who added a passkey: the browser asks for it on a click (Safari
 * allows the passkey prompt only from a person's own gesture, so it does not open by itself).
 */
function PasskeyStep({ pendingLogin, onSignedIn, onBack }: PasskeyStepProps) {
  const heading = useRef<HTMLHeadingElement>(null)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  useEffect(() => heading.current?.focus(), [])

  const confirmWithPasskey = () => {
    setBusy(true)
    setProblem(null)
    completeSignInWithPasskey(pendingLogin)
      .then(onSignedIn)
      .catch((error: unknown) => {
        setBusy(false)
        if (error instanceof ApiFailure && error.code === 'sign_in_expired') onBack(error.message)
        else setProblem(describePasskeyFailure(error))
      })
  }

  return (
    <main className="start-main" aria-labelledby="passkey-heading">
      <h1 id="passkey-heading" ref={heading} tabIndex={-1}>
        One more step
      </h1>
      <p id="passkey-explained">
        Your password was right. Your account also has a passkey, so please confirm it is you with it: your
        device will ask for your fingerprint, face, screen lock or security key.
      </p>
      <FormAlert message={problem} />
      <div className="stack-form">
        <button
          type="button"
          className="button button--primary"
          onClick={confirmWithPasskey}
          disabled={busy}
          aria-describedby="passkey-explained"
        >
          {busy ? 'Waiting for your passkey…' : 'Sign in with your passkey'}
        </button>
        <button type="button" className="button button--quiet" onClick={() => onBack(null)} disabled={busy}>
          Back to email and password
        </button>
      </div>
    </main>
  )
}
