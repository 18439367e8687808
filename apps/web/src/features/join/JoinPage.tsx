import { useEffect, useId, useState } from 'react'
import type { FormEvent } from 'react'
import { acceptInvitationSchema, roleLabels } from '@session-board/protocol'
import type { InvitationPreview } from '@session-board/protocol'
import { ApiFailure, describeFailure } from '../../lib/api.ts'
import { boardPath } from '../../lib/routes.ts'
import { FormAlert } from '../account/FormAlert.tsx'
import { PageShell } from '../account/PageShell.tsx'
import { TextField } from '../account/TextField.tsx'
import { useSchemaForm } from '../account/useSchemaForm.ts'
import { acceptInvitation, previewInvitation } from './joinApi.ts'
import { PrivacyNotice } from './PrivacyNotice.tsx'
import './join.css'

type Load =
  | { state: 'loading' }
  | { state: 'ready'; preview: InvitationPreview }
  | { state: 'broken'; title: string; message: string }

/** Why a link does not work, in plain words, by the server's code. */
function brokenLink(error: unknown): { title: string; message: string } {
  const code = error instanceof ApiFailure ? error.code : ''
  if (code === 'invitation_expired')
    return {
      title: 'This link has expired',
      message: 'Invitation links work for a limited time. Please ask your therapist for a new link.',
    }
  if (code === 'invitation_revoked')
    return {
      title: 'This link is no longer active',
      message: 'Your therapist has replaced or withdrawn it. Please ask them for the current link.',
    }
  if (code === 'invitation_invalid' || code === 'invalid_request')
    return {
      title: 'This link does not work',
      message:
        'It may be incomplete or mistyped. Please copy the whole link again, or ask your therapist to send it once more.',
    }
  return { title: 'The invitation could not be checked', message: describeFailure(error) }
}

export function JoinPage() {
  const token = new URLSearchParams(window.location.search).get('token') ?? ''
  const [load, setLoad] = useState<Load>(() =>
    token.length >= 10
      ? { state: 'loading' }
      : { state: 'broken', ...brokenLink(new ApiFailure(400, 'invitation_invalid', '')) },
  )
  const [name, setName] = useState('')
  const [consent, setConsent] = useState(false)
  const form = useSchemaForm(acceptInvitationSchema, { invalidMessage: null, leavesPage: true })
  const { errors, problem, busy } = form
  const noticeId = useId()

  useEffect(() => {
    if (token.length < 10) return
    previewInvitation(token)
      .then((preview) => {
        setLoad({ state: 'ready', preview })
        setName(preview.suggestedName)
      })
      .catch((error: unknown) => setLoad({ state: 'broken', ...brokenLink(error) }))
  }, [token])

  const submit = (event: FormEvent) => {
    event.preventDefault()
    void form.submit(
      { token, displayName: name, consent },
      async (accepted) => {
        const joined = await acceptInvitation(token, accepted.displayName)
        // replace: the invitation link (a credential) does not stay in this tab's history.
        window.location.replace(boardPath(joined.sessionId))
      },
      (error) => {
        // A link withdrawn or expired meanwhile: the page says so instead of the form.
        if (!(error instanceof ApiFailure && error.status === 410)) return false
        setLoad({ state: 'broken', ...brokenLink(error) })
        return true
      },
    )
  }

  if (load.state === 'loading') {
    return (
      <PageShell>
        <main className="start-main" aria-busy="true">
          <p role="status">Checking your invitation…</p>
        </main>
      </PageShell>
    )
  }
  if (load.state === 'broken') {
    return (
      <PageShell>
        <main className="start-main" aria-labelledby="join-heading">
          <h1 id="join-heading">{load.title}</h1>
          <p>{load.message}</p>
        </main>
      </PageShell>
    )
  }

  const { preview } = load
  const role = roleLabels[preview.role]
  return (
    <PageShell>
      <main className="start-main join" aria-labelledby="join-heading">
        <h1 id="join-heading">Join your session board</h1>
        {preview.title && <p className="join__title">{preview.title}</p>}
        <p className="join__role">
          Your therapist invited you to a couples session as <strong>{role}</strong>.
          {preview.role === 'observer' && ' Observers can follow the board but not change it.'}
        </p>
        {preview.sessionEnded && (
          <p className="notice" role="status">
            This session has ended. You can open the board and read it; changes are paused until your
            therapist reopens it.
          </p>
        )}
        <form className="stack-form" onSubmit={submit} noValidate>
          <TextField
            label="Your name on the board"
            hint="Shown to the others in this session next to what you do."
            autoComplete="given-name"
            maxLength={60}
            value={name}
            onChange={setName}
            error={errors.displayName}
          />
          <PrivacyNotice serverNotice={preview.privacyNotice} id={noticeId} />
          <div className="field">
            <label className="choice join__consent">
              <input
                type="checkbox"
                checked={consent}
                aria-invalid={errors.consent ? true : undefined}
                aria-describedby={errors.consent ? `${noticeId}-consent-error` : undefined}
                onChange={(event) => setConsent(event.target.checked)}
              />
              I have read the privacy notice and agree to it
            </label>
            {errors.consent && (
              <p id={`${noticeId}-consent-error`} className="field-error">
                {errors.consent}
              </p>
            )}
          </div>
          <FormAlert message={problem} />
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Opening the board…' : 'Join the board'}
          </button>
        </form>
      </main>
    </PageShell>
  )
}
