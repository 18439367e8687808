import { useState } from 'react'
import type { ReactNode } from 'react'
import type { Therapist } from '@session-board/protocol'
import { signOut } from '../../lib/auth.ts'
import { FormAlert } from '../account/FormAlert.tsx'
import { clearAppCaches } from '../progress/log/quickHide.ts'
import { useTherapist } from './useTherapist.ts'
import './dashboard.css'

/** The frame of the therapist's own pages: who is signed in, sign out, then the page. */
export function TherapistShell({ children }: { children: (therapist: Therapist) => ReactNode }) {
  const me = useTherapist()
  const [signingOut, setSigningOut] = useState(false)

  const leave = async () => {
    setSigningOut(true)
    try {
      await signOut()
    } finally {
      // A shared computer keeps nothing of the app after sign-out (the service worker's copies).
      await clearAppCaches().catch(() => undefined)
      window.location.assign('/sign-in?reason=signed-out')
    }
  }

  return (
    <div className="page page--wide">
      <header className="therapist-header">
        <a className="brand brand--link" href="/dashboard">
          Session board
        </a>
        {me.state === 'signed-in' && (
          <div className="therapist-header__me">
            <span>
              Signed in as <strong>{me.therapist.displayName}</strong>
            </span>
            <button
              type="button"
              className="button button--quiet button--small"
              disabled={signingOut}
              onClick={leave}
            >
              Sign out
            </button>
          </div>
        )}
      </header>
      {me.state === 'loading' && (
        <p role="status" className="hint">
          Loading…
        </p>
      )}
      {me.state === 'failed' && <FormAlert message={me.message} />}
      {me.state === 'signed-in' && children(me.therapist)}
    </div>
  )
}
