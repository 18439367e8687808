import { useEffect, useRef, useState } from 'react'
import { describePasskeyFailure, passkeysSupported, registerPasskey } from '../../lib/passkeys.ts'
import { FormAlert } from '../account/FormAlert.tsx'

/** "phone" on a phone or tablet, else "computer": the words the person uses for the device in their hand. */
function deviceWord(): 'phone' | 'computer' {
  return /Mobi|Android|iPhone|iPad/.test(navigator.userAgent) ? 'phone' : 'computer'
}

type Props = { coupleId: string; destination: string; onDone: () => void }

/**
 * Right after a partner joined: offer a passkey, so this device can sign in again later without the
 * link. Plain words, one button to make it, and one to skip.
 */
export function KeepThisDevice({ coupleId, destination, onDone }: Props) {
  const device = deviceWord()
  const heading = useRef<HTMLHeadingElement>(null)
  const [state, setState] = useState<'offer' | 'busy' | 'kept'>('offer')
  const [problem, setProblem] = useState<string | null>(null)
  const where = destination.startsWith('/s/') ? 'your session board' : 'your plan'

  useEffect(() => heading.current?.focus(), [state])

  const keep = () => {
    setState('busy')
    setProblem(null)
    registerPasskey(coupleId)
      .then(() => setState('kept'))
      .catch((error: unknown) => {
        setProblem(describePasskeyFailure(error))
        setState('offer')
      })
  }

  if (state === 'kept') {
    return (
      <main className="start-main join" aria-labelledby="keep-heading">
        <h1 id="keep-heading" ref={heading} tabIndex={-1}>
          This {device} is ready for next time
        </h1>
        <p role="status">
          When this {device} asks you to sign in again, choose “Sign in with your passkey” and unlock it as
          you usually do.
        </p>
        <button type="button" className="button button--primary" onClick={onDone}>
          Continue to {where}
        </button>
      </main>
    )
  }

  return (
    <main className="start-main join" aria-labelledby="keep-heading" aria-describedby="keep-explained">
      <h1 id="keep-heading" ref={heading} tabIndex={-1}>
        Keep this {device} for next time?
      </h1>
      <div id="keep-explained">
        <p>
          You are in. This {device} stays signed in while you use it; after 12 hours without use it signs you
          out, to keep your board private.
        </p>
        <p>
          A passkey lets you back in with your fingerprint, face or screen lock: no link and no password. It
          stays on this {device}; the clinic’s server keeps only what it needs to recognise it, and your
          therapist can withdraw it at any time.
        </p>
      </div>
      {!passkeysSupported() && (
        <p className="notice" role="status">
          This browser cannot make passkeys. You can still come back through your personal link.
        </p>
      )}
      <FormAlert message={problem} />
      <div className="join__choices">
        {passkeysSupported() && (
          <button type="button" className="button button--primary" onClick={keep} disabled={state === 'busy'}>
            {state === 'busy' ? `Waiting for this ${device}…` : `Keep this ${device}`}
          </button>
        )}
        <button
          type="button"
          className="button button--secondary"
          onClick={onDone}
          disabled={state === 'busy'}
        >
          Not now, continue to {where}
        </button>
      </div>
    </main>
  )
}
