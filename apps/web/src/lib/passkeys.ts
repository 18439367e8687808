import {
  passkeyOptionsSchema,
  passkeyRegisteredSchema,
  passkeySignedInSchema,
  secondFactorSchema,
} from '@session-board/protocol'
import type { PasskeySignedIn, SignIn, Therapist } from '@session-board/protocol'
import {
  WebAuthnError,
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser'
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser'
import { z } from 'zod'
import { ApiFailure, api, describeFailure } from './api.ts'
import { rememberSignedIn, signedInTherapistSchema } from './auth.ts'

export type PartnerSignedIn = Extract<PasskeySignedIn, { kind: 'partner' }>

/** Whether this browser can make and use passkeys at all (every current one can). */
export function passkeysSupported(): boolean {
  return browserSupportsWebAuthn()
}

/**
 * Makes a passkey on this device: a partner's (for the couple this device is signed in to) or the
 * signed-in therapist's (no couple). The browser asks the person (fingerprint, face or screen lock).
 */
export async function registerPasskey(coupleId?: string): Promise<void> {
  const request = coupleId ? { coupleId } : {}
  const therapistCall = coupleId === undefined
  const options = await api('POST', '/api/passkeys/register/options', passkeyOptionsSchema, {
    body: request,
    therapistCall,
  })
  const response = await startRegistration({
    // The server made these with SimpleWebAuthn; only the challenge is checked here.
    optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON,
  })
  await api('POST', '/api/passkeys/register/verify', passkeyRegisteredSchema, {
    body: { ...request, response },
    therapistCall,
  })
}

async function assertion(pendingLogin?: string) {
  const body = pendingLogin ? { pendingLogin } : {}
  const options = await api('POST', '/api/passkeys/sign-in/options', passkeyOptionsSchema, { body })
  const response = await startAuthentication({
    optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON,
  })
  return api('POST', '/api/passkeys/sign-in/verify', passkeySignedInSchema, { body: { ...body, response } })
}

/** A partner signs this device in again with their passkey; no name is typed. */
export async function signInWithPasskey(): Promise<PartnerSignedIn> {
  const signedIn = await assertion()
  if (signedIn.kind !== 'partner')
    throw new ApiFailure(
      400,
      'therapist_passkey',
      'Therapists sign in with their email address and password.',
    )
  return signedIn
}

/** The password step: signed in, or (a therapist with a passkey) the passkey comes next. */
export type PasswordStep =
  { kind: 'signed-in'; therapist: Therapist } | { kind: 'passkey'; pendingLogin: string; expiresAt: number }

export async function signInWithPassword(credentials: SignIn): Promise<PasswordStep> {
  const answer = await api(
    'POST',
    '/api/auth/sign-in',
    z.union([signedInTherapistSchema, secondFactorSchema]),
    {
      body: credentials,
    },
  )
  if ('secondFactor' in answer)
    return { kind: 'passkey', pendingLogin: answer.pendingLogin, expiresAt: answer.expiresAt }
  return { kind: 'signed-in', therapist: rememberSignedIn(answer) }
}

/** The therapist's second step: the passkey completes the sign-in the password began. */
export async function completeSignInWithPasskey(pendingLogin: string): Promise<Therapist> {
  const signedIn = await assertion(pendingLogin)
  if (signedIn.kind !== 'therapist')
    throw new ApiFailure(400, 'passkey_unknown', 'That passkey is not the one for this account.')
  return rememberSignedIn(signedIn)
}

/** Why a passkey step did not work, in words (the browser's own errors are technical). */
export function describePasskeyFailure(error: unknown): string {
  if (error instanceof ApiFailure) return error.message
  const name = error instanceof Error ? ((error.cause as Error | undefined)?.name ?? error.name) : ''
  if (error instanceof WebAuthnError && error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED')
    return 'This device already has a passkey for you here, so there is nothing more to do.'
  if (
    name === 'NotAllowedError' ||
    (error instanceof WebAuthnError && error.code === 'ERROR_CEREMONY_ABORTED')
  )
    return 'The passkey was not used: the request was cancelled or took too long. You can try again.'
  if (name === 'InvalidStateError') return 'This device already has a passkey for you here.'
  if (!passkeysSupported()) return 'This browser cannot use passkeys. Please try another browser or device.'
  if (error instanceof WebAuthnError) return 'The passkey did not work on this device. You can try again.'
  return describeFailure(error)
}
