import { useEffect, useState } from 'react'
import type { Therapist } from '@session-board/protocol'
import { ApiFailure } from '../../lib/api.ts'
import { fetchMe, goToSignInAfterIdle, keepLoginAlive, signInUrl } from '../../lib/auth.ts'

export type TherapistState =
  { state: 'loading' } | { state: 'signed-in'; therapist: Therapist } | { state: 'failed'; message: string }

/**
 * The signed-in therapist for a page that needs one. Not signed in: off to sign-in, and back here
 * afterwards. Signed out later (idle log-off): to sign-in with a word about why.
 */
export function useTherapist(): TherapistState {
  const [state, setState] = useState<TherapistState>({ state: 'loading' })
  useEffect(() => {
    let active = true
    let stopKeepAlive: (() => void) | null = null
    fetchMe()
      .then((therapist) => {
        if (!active) return
        setState({ state: 'signed-in', therapist })
        stopKeepAlive = keepLoginAlive(goToSignInAfterIdle)
      })
      .catch((error: unknown) => {
        if (!active) return
        if (error instanceof ApiFailure && error.status === 401) {
          window.location.replace(signInUrl({ next: window.location.pathname }))
        } else setState({ state: 'failed', message: error instanceof Error ? error.message : String(error) })
      })
    return () => {
      active = false
      stopKeepAlive?.()
    }
  }, [])
  return state
}
