import { useId, useState } from 'react'
import type { PartnerSignedIn } from '../../lib/passkeys.ts'
import { describePasskeyFailure, passkeysSupported, signInWithPasskey } from '../../lib/passkeys.ts'
import { FormAlert } from '../account/FormAlert.tsx'
import { endHide } from '../progress/log/quickHide.ts'

/**
 * "Sign in with your passkey": a partner whose device is no longer signed in (it signs out after
 * 12 hours without use) signs it in again with the passkey they made when they joined. No name or
 * password: the device asks for their fingerprint, face or screen lock.
 */
export function PasskeySignIn({ onSignedIn }: { onSignedIn: (signedIn: PartnerSignedIn) => void }) {
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const hintId = useId()
  const problemId = useId()

  if (!passkeysSupported()) {
    return (
      <p className="hint">
        This browser cannot use passkeys. Please open the personal link your therapist sent you instead.
      </p>
    )
  }

  const signIn = () => {
    setBusy(true)
    setProblem(null)
    signInWithPasskey()
      .then((signedIn) => {
        endHide()
        onSignedIn(signedIn)
      })
      .catch((error: unknown) => {
        setProblem(describePasskeyFailure(error))
        setBusy(false)
      })
  }

  return (
    <div className="passkey-sign-in">
      <button
        type="button"
        className="button button--primary"
        onClick={signIn}
        disabled={busy}
        aria-describedby={problem ? `${hintId} ${problemId}` : hintId}
      >
        {busy ? 'Waiting for your passkey…' : 'Sign in with your passkey'}
      </button>
      <p id={hintId} className="hint">
        Your device will ask for your fingerprint, face or screen lock, as it does to unlock it.
      </p>
      <FormAlert id={problemId} message={problem} />
    </div>
  )
}
