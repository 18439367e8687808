import { setTimeout as sleep } from 'node:timers/promises'
import { apiErrorSchema, caseloadFlagsSchema } from '@session-board/protocol'
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { AlertEvent } from '../../access/alerts.ts'
import type { Access } from '../../access/context.ts'
import { requireTherapist } from './guards.ts'
import type { TherapistVars } from './guards.ts'
import { describe } from './validation.ts'

/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEP_OPEN_MS = 25_000

const asMessage = (event: Exclude<AlertEvent, { kind: 'loginEnded' }>) =>
  event.kind === 'flag'
    ? { event: 'flag', data: JSON.stringify({ coupleId: event.coupleId, flag: event.flag }) }
    : { event: 'acknowledged', data: JSON.stringify({ coupleId: event.coupleId, flagId: event.flagId }) }

/** The therapist's flags still waiting for them, across their couples (the caseload's list). */
export function caseloadFlagRoutes(access: Access) {
  return new Hono<{ Variables: TherapistVars }>().get(
    '/',
    describe('The therapist’s flags not yet acknowledged, across their couples', 'progress', {
      200: caseloadFlagsSchema,
      401: apiErrorSchema,
    }),
    requireTherapist(access),
    async (c) => c.json({ flags: await access.flags.waitingFor(c.get('therapist').id) }, 200),
  )
}

/**
 * Live alerts for the therapist's open pages (Server-Sent Events): a flag as it is raised, and its
 * acknowledgement, for their own couples only. The stream ends at once when its login does (sign-out
 * or idle log-off), and a login found gone at a keep-open line ends it too; listening does not count
 * as activity.
 */
export function alertRoutes(access: Access) {
  return new Hono<{ Variables: TherapistVars }>().get(
    '/',
    describe('Live flags and acknowledgements for the therapist’s couples (text/event-stream)', 'progress', {
      200: 'An event stream: `event: flag` and `event: acknowledged`, JSON data',
      401: apiErrorSchema,
    }),
    requireTherapist(access),
    (c) => {
      const therapist = c.get('therapist')
      const login = c.get('login')
      return streamSSE(c, async (stream) => {
        const closed = new AbortController()
        stream.onAbort(() => closed.abort())
        const stopListening = access.alerts.subscribe(therapist.id, (event) => {
          if (event.kind !== 'loginEnded') void stream.writeSSE(asMessage(event))
          else if (event.loginId === login.id) closed.abort()
        })
        try {
          while (!closed.signal.aborted) {
            await sleep(KEEP_OPEN_MS, undefined, { signal: closed.signal })
            if (!(await access.accounts.loginById(login.id))) break
            await stream.write(': still here\n\n')
          }
        } catch (error) {
          if (!closed.signal.aborted) throw error
        } finally {
          stopListening()
        }
      })
    },
  )
}
