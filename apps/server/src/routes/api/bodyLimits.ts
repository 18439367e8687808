import { bodyLimit } from 'hono/body-limit'
import { fail } from './validation.ts'

const KiB = 1024

/**
 * How many bytes of a request body each part of the API reads, at most. Sized from the zod schemas
 * in packages/protocol with room to spare: a legitimate body is JSON in UTF-8, at most 3 bytes per
 * character (6 for an escaped control character).
 */
export const BODY_LIMITS = {
  /** Every /api route without its own limit, so a new route is never unlimited. */
  default: 16 * KiB,
  /** Sign-up, the largest: an email (254), a password (200) and a name (80), about 2.3 KiB at worst. */
  auth: 4 * KiB,
  /** Accepting an invitation: its token (2,000 characters) and a name (60). */
  acceptInvitation: 4 * KiB,
  /** A new session: a title (120) and two names (60 each), under 1 KiB at worst. */
  createSession: 4 * KiB,
  /** A role and a number, a document target, or nothing at all. */
  small: 1 * KiB,
  /** LiveKit's webhook: a small JSON event; anything larger is not LiveKit's. */
  webhook: 64 * KiB,
} as const

function describeSize(bytes: number): string {
  return bytes % KiB === 0 ? `${bytes / KiB} KiB` : `${bytes} bytes`
}

/**
 * Refuses a body larger than `maxBytes` with 413 before anything reads it: by its Content-Length, or,
 * for a chunked body, as soon as the bytes received pass the limit (Hono's bodyLimit stops reading there).
 * `everyRoute`: the default in front of all routes, which is also the most any of them accepts; a body
 * over it is refused there, before a route's own (lower) limit is reached, so it says so.
 */
export function limitBody(maxBytes: number, { everyRoute = false } = {}) {
  const size = describeSize(maxBytes)
  const message = everyRoute
    ? `This request is larger than ${size}, more than any address here accepts, so it was not read.`
    : `This request is larger than the ${size} this address accepts, so it was not read.`
  return bodyLimit({ maxSize: maxBytes, onError: () => fail(413, 'too_large', message) })
}
