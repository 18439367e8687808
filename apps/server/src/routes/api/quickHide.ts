import { SYNC_CLOSE, apiErrorSchema } from '@session-board/protocol'
import { Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import type { Access } from '../../access/context.ts'
import type { ParticipantRow } from '../../access/invitations.ts'
import { LOGIN_COOKIE, participantCookie } from '../../access/cookies.ts'
import { describe, fail } from './validation.ts'

/**
 * Quick hide: a partner who must hide the screen at once signs this device out, so whoever picks it
 * up next meets the passkey, not the plan. The screen itself is replaced by the page before it asks.
 */
export function quickHideRoutes(access: Access) {
  const { invitations, audit } = access
  return new Hono().post(
    '/lock',
    describe('A partner’s device signs out now; its next visit asks for the passkey', 'couples', {
      204: 'Signed out',
      401: apiErrorSchema,
      403: apiErrorSchema,
    }),
    async (c) => {
      const signedIn: ParticipantRow[] = []
      for (const [name, secret] of Object.entries(getCookie(c))) {
        if (!name.startsWith(participantCookie(''))) continue
        const row = await invitations.participantByCookie(secret)
        if (row !== null) signedIn.push(row)
      }
      const partners = signedIn.filter((row) => row.role !== 'observer' && row.deviceId !== null)
      if (partners.length === 0) {
        if (signedIn.length > 0 || getCookie(c, LOGIN_COOKIE)) {
          fail(
            403,
            'partners_only',
            'Quick hide signs out a partner’s device; there is nothing to lock here.',
          )
        }
        fail(401, 'not_signed_in', 'This device is already signed out.')
      }
      for (const partner of partners) {
        await invitations.devices.signOut(partner.deviceId!)
        audit.record({
          action: 'device_locked',
          sessionId: partner.coupleId,
          actorRole: partner.role,
          actorId: partner.id,
          subjectId: partner.deviceId,
        })
      }
      // Their open boards close too. A connection does not say which device opened it, so they close on
      // the person's other devices as well; those open them again on a reload, still signed in.
      access.sockets.closeFor(
        { personIds: partners.map((partner) => partner.id) },
        SYNC_CLOSE.unauthenticated.code,
        SYNC_CLOSE.unauthenticated.reason,
      )
      return c.body(null, 204)
    },
  )
}
