import { Hono } from 'hono'
import { openAPIRouteHandler } from 'hono-openapi'
import type { Access } from '../../access/context.ts'
import { alertRoutes, caseloadFlagRoutes } from './alerts.ts'
import { auditRoutes } from './audit.ts'
import { authRoutes } from './auth.ts'
import { BODY_LIMITS, limitBody } from './bodyLimits.ts'
import { callRoutes, liveKitWebhookRoutes } from './call.ts'
import { gridRoutes } from './grid.ts'
import { sameOriginChanges } from './guards.ts'
import { coupleRoutes, partnerSelfRoutes } from './couples.ts'
import { invitationRoutes } from './invitations.ts'
import { partnerRoutes } from './partners.ts'
import { passkeyRoutes } from './passkeys.ts'
import { progressRoutes } from './progress.ts'
import { quickHideRoutes } from './quickHide.ts'
import { createMeetings } from '../../access/meetings.ts'
import { sessionRoutes } from './sessions.ts'
import { summaryRoutes } from './summary.ts'
import { timeRoutes } from './time.ts'

/** The REST API under /api: one sub-app per resource, chained so the types flow to a typed client. */
export function apiRoutes(access: Access, version: string) {
  const meetings = createMeetings(access)
  const api = new Hono()
    // Before the same-origin check: LiveKit's server posts these, signed, from its own host. It sets
    // its own body limit, larger than the default.
    .route('/livekit', liveKitWebhookRoutes(access))
    // Also before it: a phone back online sends a batch larger than the default. The routes check the
    // origin and limit the body themselves.
    .route('/couples', progressRoutes(access))
    // First for every route after it, before any guard: a body is read no further than the default.
    // A route's own limit can only be lower; a route that needs more is mounted above, like LiveKit's.
    .use(limitBody(BODY_LIMITS.default, { everyRoute: true }))
    .use(sameOriginChanges(access))
    .route('/auth', authRoutes(access))
    // Before the session routes: their therapist guard covers every path under /sessions after it.
    .route('/sessions', summaryRoutes(access))
    .route('/sessions', gridRoutes(access))
    .route('/sessions', callRoutes(access))
    .route('/sessions', sessionRoutes(access, meetings))
    .route('/couples', coupleRoutes(access, meetings))
    .route('/couples', partnerRoutes(access))
    .route('/passkeys', passkeyRoutes(access))
    .route('/me', partnerSelfRoutes(access))
    .route('/me', quickHideRoutes(access))
    .route('/flags', caseloadFlagRoutes(access))
    .route('/alerts', alertRoutes(access))
    .route('/invitations', invitationRoutes(access))
    .route('/audit', auditRoutes(access))
    .route('/time', timeRoutes(access.now))
  api.get(
    '/openapi.json',
    openAPIRouteHandler(api, {
      documentation: {
        info: {
          title: 'Session board API',
          version,
          description:
            'Therapist accounts, sessions, invitations, the audit trail, session summaries and the server’s clock. ' +
            'Every request body is limited before it is read (16 KiB unless a route says otherwise; 4 KiB for ' +
            'signing up and in, 256 KiB for a batch of progress entries): a larger one is answered 413 with ' +
            'the code too_large.',
        },
        servers: [{ url: '/api' }],
      },
    }),
  )
  return api
}

export type Api = ReturnType<typeof apiRoutes>
