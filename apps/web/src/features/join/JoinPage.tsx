import { useCallback, useEffect, useId, useState } from 'react'
import type { FormEvent } from 'react'
import { acceptInvitationSchema, roleLabels } from '@session-board/protocol'
import type { InvitationPreview, Participant } from '@session-board/protocol'
import { ApiFailure, describeFailure } from '../../lib/api.ts'
import { FormAlert } from '../account/FormAlert.tsx'
import { PageShell } from '../account/PageShell.tsx'
import { TextField } from '../account/TextField.tsx'
import { useSchemaForm } from '../account/useSchemaForm.ts'
import { AwaitingConfirmation } from './AwaitingConfirmation.tsx'
import { KeepThisDevice } from './KeepThisDevice.tsx'
import { endHide } from '../progress/log/quickHide.ts'
import { acceptInvitation, destinationOf, previewInvitation } from './joinApi.ts'
import { PrivacyNotice } from './PrivacyNotice.tsx'
import './join.css'

type Step =
  | { state: 'loading' }
  | { state: 'ready'; preview: InvitationPreview }
  | { state: 'awaiting'; requestId: string }
  | { state: 'keep-device'; joined: Participant }
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
  if (code === 'invitation_used_up')
    return {
      title: 'This link has been used',
      message:
        'Everyone this link was meant for has already joined with it. If you need to join, please ask your therapist for a link of your own.',
    }
  if (code === 'invitation_invalid' || code === 'invalid_request')
    return {
      title: 'This link does not work',
      message:
        'It may be incomplete or mistyped. Please copy the whole link again, or ask your therapist to send it once more.',
    }
  return { title: 'The invitation could not be checked', message: describeFailure(error) }
}

/** Leaves the join page; replace: the invitation link (a credential) does not stay in the history. */
const goOn = (joined: Participant) => window.location.replace(destinationOf(joined))

export function JoinPage() {
  const token = new URLSearchParams(window.location.search).get('token') ?? ''
  const [step, setStep] = useState<Step>(() =>
    token.length >= 10
      ? { state: 'loading' }
      : { state: 'broken', ...brokenLink(new ApiFailure(400, 'invitation_invalid', '')) },
  )

  useEffect(() => {
    if (token.length < 10) return
    previewInvitation(token)
      .then((preview) => setStep({ state: 'ready', preview }))
      .catch((error: unknown) => setStep({ state: 'broken', ...brokenLink(error) }))
  }, [token])

  // A partner is offered a passkey once they are in; an observer goes straight to the session.
  const joined = useCallback((person: Participant) => {
    // Signed in by the link (at once, or once the therapist confirmed this device): a quick hide ends,
    // as it does with the passkey.
    endHide()
    if (person.role === 'observer') goOn(person)
    else setStep({ state: 'keep-device', joined: person })
  }, [])
  const declined = useCallback(
    (message: string) => setStep({ state: 'broken', title: 'This device was not added', message }),
    [],
  )

  let page
  if (step.state === 'loading') {
    page = (
      <main className="start-main" aria-busy="true">
        <p role="status">Checking your invitation…</p>
      </main>
    )
  } else if (step.state === 'broken') {
    page = (
      <main className="start-main" aria-labelledby="join-heading">
        <h1 id="join-heading">{step.title}</h1>
        <p>{step.message}</p>
      </main>
    )
  } else if (step.state === 'awaiting') {
    page = <AwaitingConfirmation requestId={step.requestId} onConfirmed={joined} onDeclined={declined} />
  } else if (step.state === 'keep-device') {
    const person = step.joined
    page = (
      <KeepThisDevice
        coupleId={person.coupleId}
        destination={destinationOf(person)}
        onDone={() => goOn(person)}
      />
    )
  } else {
    page = (
      <JoinForm
        token={token}
        preview={step.preview}
        onJoined={joined}
        onAwaiting={(requestId) => setStep({ state: 'awaiting', requestId })}
        onBroken={(error) => setStep({ state: 'broken', ...brokenLink(error) })}
      />
    )
  }
  return <PageShell>{page}</PageShell>
}

type FormProps = {
  token: string
  preview: InvitationPreview
  onJoined: (joined: Participant) => void
  onAwaiting: (requestId: string) => void
  onBroken: (error: unknown) => void
}

/** The name, the privacy notice and the consent, then one call to join. */
function JoinForm({ token, preview, onJoined, onAwaiting, onBroken }: FormProps) {
  const [name, setName] = useState(preview.suggestedName)
  const [consent, setConsent] = useState(false)
  const form = useSchemaForm(acceptInvitationSchema, { invalidMessage: null })
  const { errors, problem, busy } = form
  const noticeId = useId()
  const role = roleLabels[preview.role]

  const submit = (event: FormEvent) => {
    event.preventDefault()
    void form.submit(
      { token, displayName: name, consent },
      async (accepted) => {
        const answer = await acceptInvitation(token, accepted.displayName)
        if (answer.status === 'joined') onJoined(answer)
        else onAwaiting(answer.requestId)
      },
      (error) => {
        // A link withdrawn, expired or used up meanwhile: the page says so instead of the form.
        if (!(error instanceof ApiFailure && error.status === 410)) return false
        onBroken(error)
        return true
      },
    )
  }

  return (
    <main className="start-main join" aria-labelledby="join-heading">
      <h1 id="join-heading">Join your session board</h1>
      {preview.title && <p className="join__title">{preview.title}</p>}
      <p className="join__role">
        Your therapist invited you as <strong>{role}</strong>.
        {preview.role === 'observer' && ' Observers can follow the board but not change it.'}
      </p>
      {preview.alreadyUsed && (
        <p className="notice" role="status">
          This link has already been used to join. If this is a new phone or computer for you, your therapist
          will be asked to confirm it before it opens your board.
        </p>
      )}
      {preview.sessionEnded && (
        <p className="notice" role="status">
          This session has ended. You can open the board and read it; changes are paused until your therapist
          reopens it.
        </p>
      )}
      <form className="stack-form" onSubmit={submit} noValidate>
        <TextField
          label="Your name on the board"
          hint="Shown to the others in your sessions next to what you do."
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
  )
}
