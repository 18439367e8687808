import { apiErrorSchema, callDetailsSchema, sessionParamsSchema } from '@session-board/protocol'
import { Hono } from 'hono'
import type { Access } from '../../access/context.ts'
import { CallUnavailable } from '../../livekit/call.ts'
import { BODY_LIMITS, limitBody } from './bodyLimits.ts'
import { sessionPerson } from './guards.ts'
import { describe, fail, notFound, params } from './validation.ts'

/** Answers a call that cannot be joined with its reason, in the API's {code, message} form. */
function refuseCall(error: unknown): never {
  if (error instanceof CallUnavailable) fail(error.status, error.code, error.message)
  throw error
}

/** The session's video call: connection details for everyone invited to the session. */
export function callRoutes(access: Access) {
  const { sessions, call } = access
  return new Hono().post(
    '/:sessionId/call',
    describe('Join the session’s video call: a short-lived LiveKit token and the end-to-end key', 'call', {
      200: callDetailsSchema,
      401: apiErrorSchema,
      409: apiErrorSchema,
      503: apiErrorSchema,
    }),
    // The browser sends an empty object.
    limitBody(BODY_LIMITS.small),
    params(sessionParamsSchema),
    async (c) => {
      const session = (await sessions.byId(c.req.valid('param').sessionId)) ?? notFound()
      const person = await sessionPerson(access, c, session)
      const details = await call.details(session.id, person).catch(refuseCall)
      c.header('cache-control', 'no-store')
      return c.json(details, 200)
    },
  )
}

/**
 * LiveKit's webhooks: mounted before the same-origin check (LiveKit posts from its own host, with no
 * Origin), and trusted only when the signature in the Authorization header verifies.
 */
export function liveKitWebhookRoutes(access: Access) {
  const { call, log } = access
  return new Hono().post(
    '/webhook',
    describe('LiveKit webhook (signed): joins and leaves for the audit trail', 'call', {
      200: 'Accepted',
      401: apiErrorSchema,
      413: apiErrorSchema,
      503: apiErrorSchema,
    }),
    // Read no further than 64 KiB, whether or not the sender says how long the body is.
    limitBody(BODY_LIMITS.webhook),
    async (c) => {
      const body = await c.req.text()
      try {
        await call.receiveWebhook(body, c.req.header('authorization'))
      } catch (error) {
        if (error instanceof CallUnavailable) refuseCall(error)
        log.warn('call.webhook_refused', { reason: error instanceof Error ? error.name : 'unknown' })
        fail(401, 'bad_signature', 'The webhook’s signature did not verify, so it was ignored.')
      }
      return c.body(null, 200)
    },
  )
}
