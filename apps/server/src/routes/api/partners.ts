import type { PartnerDevice, PartnerRole, Partners } from '@session-board/protocol'
import {
  apiErrorSchema,
  coupleParamsSchema,
  deviceParamsSchema,
  invitationSchema,
  issuePartnerLinkSchema,
  partnerParamsSchema,
  partnersSchema,
} from '@session-board/protocol'
import { Hono } from 'hono'
import type { Access } from '../../access/context.ts'
import type { CoupleRow } from '../../access/couples.ts'
import type { DeviceRow } from '../../access/devices.ts'
import type { PersonRow } from '../../access/invitations.ts'
import { auditScope, withdrawDevice, withdrawPartner } from '../../access/withdrawal.ts'
import { BODY_LIMITS, limitBody } from './bodyLimits.ts'
import { requireTherapist } from './guards.ts'
import { issuePartnerLink, toInvitation } from './invitationLinks.ts'
import { body, describe, fail, notFound, params } from './validation.ts'

const PARTNER_ROLES = ['partnerA', 'partnerB'] as const satisfies readonly PartnerRole[]

/**
 * The partners' access to their couple, as the therapist runs it: a partner's link, the devices each
 * partner signed in on, confirming a new device, withdrawing a device or a partner. Every route is the
 * therapist's (guarded one by one: other routes under /couples serve partners' own devices).
 */
export function partnerRoutes(access: Access) {
  const { couples, invitations, passkeys, audit, config } = access

  const owned = async (coupleId: string, therapistId: string): Promise<CoupleRow> =>
    (await couples.ownedBy(coupleId, therapistId)) ?? notFound()

  const describeDevice = async (device: DeviceRow): Promise<PartnerDevice> => ({
    id: device.id,
    status: device.status,
    label: device.label,
    createdAt: device.createdAt,
    lastSeenAt: device.lastSeenAt,
    signedIn: device.status === 'active' && !invitations.devices.isLapsed(device),
    hasPasskey: await passkeys.deviceHasPasskey(device.id),
  })

  const view = async (couple: CoupleRow): Promise<Partners> => {
    const partners: Partners['partners'] = []
    const pending: Partners['pending'] = []
    for (const role of PARTNER_ROLES) {
      const person = await invitations.partnerOf(couple.id, role)
      const devices = person ? await invitations.devices.listFor(person.id) : []
      const latest = (await invitations.listForRole(couple.id, role))[0]
      const signedIn: PartnerDevice[] = []
      for (const device of devices.filter((candidate) => candidate.status === 'active'))
        signedIn.push(await describeDevice(device))
      partners.push({
        role,
        displayName: person?.displayName ?? (role === 'partnerA' ? couple.partnerAName : couple.partnerBName),
        enrolled: person !== null,
        devices: signedIn,
        latestLink: latest ? toInvitation(latest) : null,
      })
      for (const device of devices.filter((candidate) => candidate.status === 'pending')) {
        // A device asking again after its sign-in lapsed was signed in before it asked (renewed since).
        const kind = device.signedInAt > device.createdAt ? 'returning_device' : 'new_device'
        pending.push({ ...(await describeDevice(device)), role, kind })
      }
    }
    return { partners, pending }
  }

  /** A device of one of this couple's (enrolled) partners, or a 404. */
  const partnerDevice = async (
    couple: CoupleRow,
    deviceId: string,
  ): Promise<{ person: PersonRow; device: DeviceRow }> => {
    const device = await invitations.devices.byId(deviceId)
    const person = device ? await invitations.person(device.participantId) : null
    if (!device || !person || person.coupleId !== couple.id || person.role === 'observer') notFound()
    return { person, device }
  }

  return new Hono()
    .post(
      '/:coupleId/invitations',
      describe('Issue a partner’s link (it replaces their earlier one)', 'partners', {
        201: invitationSchema,
        404: apiErrorSchema,
      }),
      requireTherapist(access),
      limitBody(BODY_LIMITS.small),
      params(coupleParamsSchema),
      body(issuePartnerLinkSchema),
      async (c) => {
        const therapistId = c.get('therapist').id
        const couple = await owned(c.req.valid('param').coupleId, therapistId)
        const input = c.req.valid('json')
        const ttlMs = input.expiresInHours ? input.expiresInHours * 3_600_000 : config.invitationTtlMs
        return c.json(await issuePartnerLink(access, couple.id, input.role, therapistId, ttlMs), 201)
      },
    )
    .get(
      '/:coupleId/partners',
      describe('The partners, their devices and the devices waiting for confirmation', 'partners', {
        200: partnersSchema,
        404: apiErrorSchema,
      }),
      requireTherapist(access),
      params(coupleParamsSchema),
      async (c) => c.json(await view(await owned(c.req.valid('param').coupleId, c.get('therapist').id)), 200),
    )
    .post(
      '/:coupleId/devices/:deviceId/confirm',
      describe('Confirm a device that asked to join: it is signed in from now', 'partners', {
        200: partnersSchema,
        404: apiErrorSchema,
        409: apiErrorSchema,
      }),
      requireTherapist(access),
      params(deviceParamsSchema),
      async (c) => {
        const therapistId = c.get('therapist').id
        const couple = await owned(c.req.valid('param').coupleId, therapistId)
        const { person, device } = await partnerDevice(couple, c.req.valid('param').deviceId)
        if (device.status === 'withdrawn' || person.withdrawnAt !== null)
          fail(
            409,
            'device_withdrawn',
            'This device’s access was withdrawn; the partner can ask again from it.',
          )
        if (await invitations.devices.confirm(device.id)) {
          audit.record({
            action: 'device_confirmed',
            sessionId: await auditScope(access, couple.id),
            actorRole: 'therapist',
            actorId: therapistId,
            subjectId: device.id,
            detail: person.role,
          })
        }
        return c.json(await view(couple), 200)
      },
    )
    .post(
      '/:coupleId/devices/:deviceId/withdraw',
      describe('Withdraw one device (or decline one that asked to join)', 'partners', {
        200: partnersSchema,
        404: apiErrorSchema,
      }),
      requireTherapist(access),
      params(deviceParamsSchema),
      async (c) => {
        const therapistId = c.get('therapist').id
        const couple = await owned(c.req.valid('param').coupleId, therapistId)
        const { person, device } = await partnerDevice(couple, c.req.valid('param').deviceId)
        await withdrawDevice(access, person, device, therapistId)
        return c.json(await view(couple), 200)
      },
    )
    .post(
      '/:coupleId/partners/:role/withdraw',
      describe(
        'Withdraw a partner: every device and passkey, their links, their open connections',
        'partners',
        {
          200: partnersSchema,
          404: apiErrorSchema,
        },
      ),
      requireTherapist(access),
      params(partnerParamsSchema),
      async (c) => {
        const therapistId = c.get('therapist').id
        const { coupleId, role } = c.req.valid('param')
        const couple = await owned(coupleId, therapistId)
        await withdrawPartner(access, couple.id, role, therapistId)
        return c.json(await view(couple), 200)
      },
    )
}
