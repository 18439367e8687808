import { therapistSchema } from '@session-board/protocol'
import type { SignIn, SignUp, Therapist } from '@session-board/protocol'
import { z } from 'zod'
import { api, onSignedOut, setCsrfToken } from './api.ts'

/** The server's answer when a therapist is signed in: who they are, and the CSRF token for later calls. */
export const signedInTherapistSchema = therapistSchema.extend({ csrfToken: z.string() })

/** How often, at most, real input from the therapist tells the server they are still here. */
export const KEEP_ALIVE_INTERVAL_MS = 60_000

/** Every way a therapist signs in ends here: the CSRF token is kept for the API, not handed to the UI. */
export const rememberSignedIn = (answer: z.infer<typeof signedInTherapistSchema>): Therapist => {
  setCsrfToken(answer.csrfToken)
  return {
    id: answer.id,
    email: answer.email,
    displayName: answer.displayName,
    idleLogoffAt: answer.idleLogoffAt,
  }
}

export async function signUp(input: SignUp): Promise<Therapist> {
  return rememberSignedIn(await api('POST', '/api/auth/sign-up', signedInTherapistSchema, { body: input }))
}

export async function signIn(input: SignIn): Promise<Therapist> {
  return rememberSignedIn(await api('POST', '/api/auth/sign-in', signedInTherapistSchema, { body: input }))
}

/** The signed-in therapist (this also counts as activity on the server). */
export async function fetchMe(): Promise<Therapist> {
  return rememberSignedIn(await api('GET', '/api/auth/me', signedInTherapistSchema, { therapistCall: true }))
}

export async function signOut(): Promise<void> {
  try {
    await api('POST', '/api/auth/sign-out', null, { therapistCall: false })
  } finally {
    setCsrfToken(null)
  }
}

/** Where a signed-out therapist goes; `idle` shows why they were signed out. */
export function signInUrl(options: { idle?: boolean; next?: string } = {}): string {
  const query = new URLSearchParams()
  if (options.idle) query.set('reason', 'idle')
  if (options.next) query.set('next', options.next)
  const text = query.toString()
  return text ? `/sign-in?${text}` : '/sign-in'
}

/** Only paths on this site are followed after sign-in. */
export function safeNext(value: string | null): string {
  return value && /^\/[A-Za-z0-9/_-]*$/.test(value) && !value.startsWith('//') ? value : '/dashboard'
}

/**
 * Keeps the therapist's login alive while they actually use the page: real input (keys, pointer,
 * touch) triggers at most one /api/auth/me per minute. Nothing runs on a timer, so an unattended
 * screen is still signed out by the server's idle log-off. A 401 anywhere sends them to sign-in.
 */
export function keepLoginAlive(onEnded: () => void): () => void {
  let last = Date.now()
  let inFlight = false
  const onInput = () => {
    if (inFlight || Date.now() - last < KEEP_ALIVE_INTERVAL_MS) return
    last = Date.now()
    inFlight = true
    fetchMe()
      .catch(() => {
        // A 401 is reported through onSignedOut; a network blip is tried again on later input.
      })
      .finally(() => {
        inFlight = false
      })
  }
  const events = ['keydown', 'pointerdown', 'touchstart', 'wheel'] as const
  for (const name of events) window.addEventListener(name, onInput, { passive: true, capture: true })
  const stop = onSignedOut(onEnded)
  return () => {
    for (const name of events) window.removeEventListener(name, onInput, { capture: true })
    stop()
  }
}

/** The page a therapist lands on after an automatic log-off. */
export function goToSignInAfterIdle(): void {
  window.location.assign(signInUrl({ idle: true, next: window.location.pathname }))
}
