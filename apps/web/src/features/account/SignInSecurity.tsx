import { useCallback, useEffect, useState } from 'react'
import { passkeyListSchema } from '@session-board/protocol'
import { api, describeFailure } from '../../lib/api.ts'
import { describePasskeyFailure, passkeysSupported, registerPasskey } from '../../lib/passkeys.ts'
import { FormAlert } from './FormAlert.tsx'

/**
 * The therapist's passkeys: once they have one, signing in asks for it after the password, a second
 * factor for an account that opens every couple's plan.
 */
export function SignInSecurity() {
  const [count, setCount] = useState<number | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [added, setAdded] = useState(false)

  const load = useCallback(async () => {
    try {
      const { passkeys } = await api('GET', '/api/passkeys', passkeyListSchema, { therapistCall: true })
      setCount(passkeys.length)
    } catch (error) {
      setProblem(describeFailure(error))
    }
  }, [])
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load()
  }, [load])

  const add = async () => {
    setBusy(true)
    setProblem(null)
    try {
      await registerPasskey()
      setAdded(true)
      await load()
    } catch (error) {
      setProblem(describePasskeyFailure(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="dashboard sign-in-security" aria-labelledby="sign-in-security-heading">
      <h2 id="sign-in-security-heading">Signing in</h2>
      <p className="hint">
        {count === null
          ? 'Checking your passkeys…'
          : count === 0
            ? 'Add a passkey and signing in will ask for it after your password: someone who learns your password still cannot open your couples’ plans.'
            : `You have ${count === 1 ? 'a passkey' : `${count} passkeys`}: signing in asks for one after your password.`}
      </p>
      {added && (
        <p role="status" className="hint">
          Your passkey is added.
        </p>
      )}
      {problem && <FormAlert message={problem} />}
      {passkeysSupported() ? (
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => void add()}>
          {count ? 'Add another passkey' : 'Add a passkey'}
        </button>
      ) : (
        <p className="hint">This browser cannot make passkeys.</p>
      )}
    </section>
  )
}
