import { invitationSchema, partnersSchema } from '@session-board/protocol'
import type { Invitation, PartnerRole, Partners } from '@session-board/protocol'
import { api } from '../../lib/api.ts'
import { couplesPath } from './couplesApi.ts'

const therapist = { therapistCall: true }

export function listPartners(coupleId: string): Promise<Partners> {
  return api('GET', `${couplesPath(coupleId)}/partners`, partnersSchema, therapist)
}

/** A partner's personal link to the couple; it replaces their last one. */
export function issuePartnerLink(coupleId: string, role: PartnerRole): Promise<Invitation> {
  return api('POST', `${couplesPath(coupleId)}/invitations`, invitationSchema, {
    ...therapist,
    body: { role },
  })
}

const devicePath = (coupleId: string, deviceId: string) =>
  `${couplesPath(coupleId)}/devices/${encodeURIComponent(deviceId)}`

/** A device that asked to join through a partner's link: signed in from now on. */
export function confirmDevice(coupleId: string, deviceId: string): Promise<Partners> {
  return api('POST', `${devicePath(coupleId, deviceId)}/confirm`, partnersSchema, therapist)
}

/** One device withdrawn, or one that asked to join declined. */
export function withdrawDevice(coupleId: string, deviceId: string): Promise<Partners> {
  return api('POST', `${devicePath(coupleId, deviceId)}/withdraw`, partnersSchema, therapist)
}

/** Every device, passkey and link of the partner, at once; their open boards close. */
export function withdrawPartner(coupleId: string, role: PartnerRole): Promise<Partners> {
  return api('POST', `${couplesPath(coupleId)}/partners/${role}/withdraw`, partnersSchema, therapist)
}
