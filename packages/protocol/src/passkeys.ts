import { z } from 'zod'
import { therapistSchema } from './auth.ts'
import { inviteeRoleSchema } from './roles.ts'
import { sessionIdSchema } from './sync.ts'

/** WebAuthn's binary fields travel as base64url text. */
const base64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/, 'Not base64url.')

/** A sign-in that is waiting for its passkey: the password was right, the passkey comes next. */
const pendingLogin = z.string().min(20).max(100)

/**
 * What the browser's `navigator.credentials.create()` gave, as JSON (SimpleWebAuthn's
 * RegistrationResponseJSON); the server verifies everything in it.
 */
export const registrationResponseSchema = z.object({
  id: base64url(1400),
  rawId: base64url(1400),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url(4000),
    attestationObject: base64url(8000),
    authenticatorData: base64url(4000).optional(),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(2000).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()),
})

/** What `navigator.credentials.get()` gave, as JSON (SimpleWebAuthn's AuthenticationResponseJSON). */
export const authenticationResponseSchema = z.object({
  id: base64url(1400),
  rawId: base64url(1400),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url(4000),
    authenticatorData: base64url(4000),
    signature: base64url(1000),
    userHandle: base64url(200).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()),
})

/**
 * Options for the browser's WebAuthn call, as SimpleWebAuthn's generate*Options made them; passed
 * through to `startRegistration` / `startAuthentication` as they are.
 */
export const passkeyOptionsSchema = z.looseObject({ challenge: z.string() })

/** Register a passkey: a partner for the device signed in to this couple, or the signed-in therapist. */
export const passkeyRegisterOptionsRequestSchema = z.object({
  coupleId: z.string().min(3).max(64).optional(),
})
export const passkeyRegisterVerifySchema = z.object({
  coupleId: z.string().min(3).max(64).optional(),
  response: registrationResponseSchema,
})

export const passkeyRegisteredSchema = z.object({ id: z.string(), createdAt: z.number() })
export type PasskeyRegistered = z.infer<typeof passkeyRegisteredSchema>

/** Partners ask with no body (any passkey of this site); a therapist with the pending sign-in. */
export const passkeySignInOptionsRequestSchema = z.object({ pendingLogin: pendingLogin.optional() })
export const passkeySignInVerifySchema = z.object({
  pendingLogin: pendingLogin.optional(),
  response: authenticationResponseSchema,
})

/** `POST /api/auth/sign-in` for a therapist who has a passkey: the password alone does not sign in. */
export const secondFactorSchema = z.object({
  secondFactor: z.literal('passkey'),
  pendingLogin,
  /** When the pending sign-in lapses (ms since the epoch); after that the password is asked again. */
  expiresAt: z.number(),
})
export type SecondFactor = z.infer<typeof secondFactorSchema>

export const partnerSignedInSchema = z.object({
  kind: z.literal('partner'),
  coupleId: z.string(),
  participantId: z.string(),
  role: inviteeRoleSchema,
  displayName: z.string(),
  /** The couple's session running now, if any. */
  liveSessionId: sessionIdSchema.nullable(),
})
export const therapistSignedInSchema = therapistSchema.extend({
  kind: z.literal('therapist'),
  csrfToken: z.string(),
})
export const passkeySignedInSchema = z.discriminatedUnion('kind', [
  partnerSignedInSchema,
  therapistSignedInSchema,
])
export type PasskeySignedIn = z.infer<typeof passkeySignedInSchema>

/** The therapist's own passkeys. */
export const passkeyListSchema = z.object({
  passkeys: z.array(z.object({ id: z.string(), createdAt: z.number(), lastUsedAt: z.number().nullable() })),
})
