import type { Context } from 'hono'
import type { AccessConfig } from '../../access/context.ts'
import { fail } from './validation.ts'

/**
 * The relying party a passkey belongs to: this site's host name, PUBLIC_URL's when configured, else the
 * Host the browser asked for. WebAuthn refuses IP addresses, so tests and development use `localhost`.
 * The expected origin is PUBLIC_URL, else the request's Origin, which the same-origin check before
 * every POST under /api has already matched with the Host.
 */
export function relyingParty(config: AccessConfig, c: Context): { rpID: string; origin: string } {
  if (config.publicOrigin) return { rpID: new URL(config.publicOrigin).hostname, origin: config.publicOrigin }
  const host = c.req.header('host') ?? ''
  const origin = c.req.header('origin') ?? ''
  try {
    return { rpID: new URL(`http://${host}`).hostname, origin }
  } catch {
    return fail(400, 'invalid_host', 'This server could not tell its own address.')
  }
}

/** The challenge a response answers, read from its client data (the verification checks it again). */
export function challengeOf(clientDataJSON: string): string {
  try {
    const data: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'))
    const challenge = (data as { challenge?: unknown } | null)?.challenge
    if (typeof challenge === 'string' && challenge.length > 0) return challenge
  } catch {
    // Not JSON: answered below like a missing challenge.
  }
  return fail(400, 'passkey_invalid', 'The passkey’s answer could not be read.')
}

export const notVerified = (): never =>
  fail(401, 'passkey_not_verified', 'The passkey could not be verified. Please try again.')

export const staleChallenge = (): never =>
  fail(400, 'passkey_challenge', 'This took too long or was already used. Please try again.')
