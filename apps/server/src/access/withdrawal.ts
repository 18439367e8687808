import type { PartnerRole } from '@session-board/protocol'
import { SYNC_CLOSE } from '@session-board/protocol'
import { errorMessage } from '../log.ts'
import type { Access } from './context.ts'
import type { DeviceRow } from './devices.ts'
import type { InvitationRow, PersonRow } from './invitations.ts'

/**
 * Where a partner's access event is filed in the audit trail (which is kept per session): under the
 * couple's meeting running at the time, else under the couple's id.
 */
export async function auditScope(access: Access, coupleId: string): Promise<string> {
  return (await access.sessions.liveFor(coupleId))?.id ?? coupleId
}

/**
 * People shut out now: their sockets on every instance of the server are closed (a socket is checked only when it
 * opens) and they are taken out of the video call, which gets a new key they never see.
 */
export async function shutOut(
  access: Access,
  where: { coupleId: string; sessionId: string | null },
  personIds: readonly string[],
  reason: string,
): Promise<void> {
  if (personIds.length === 0) return
  const ids = new Set(personIds)
  access.sockets.closeFor({ personIds: [...ids] }, SYNC_CLOSE.forbidden.code, reason)
  const callSession = where.sessionId ?? (await access.sessions.liveFor(where.coupleId))?.id ?? null
  if (!callSession) return
  access.call
    .removePeople(callSession, [...ids])
    .catch((error: unknown) =>
      access.log.warn('call.remove_failed', { sessionId: callSession, error: errorMessage(error) }),
    )
}

/**
 * A partner withdrawn: every device and passkey, their links (a used link would still ask for new
 * devices), their open sockets and their place in the call. A new link enrols them afresh.
 */
export async function withdrawPartner(
  access: Access,
  coupleId: string,
  role: PartnerRole,
  therapistId: string,
): Promise<PersonRow | null> {
  const { invitations, passkeys, audit } = access
  for (const link of await invitations.listForRole(coupleId, role)) await invitations.revoke(link.id)
  const partner = await invitations.partnerOf(coupleId, role)
  if (!partner) return null
  await invitations.withdrawPerson(partner.id)
  await passkeys.removeFor({ kind: 'participant', id: partner.id })
  await shutOut(
    access,
    { coupleId, sessionId: null },
    [partner.id],
    'Your therapist has withdrawn your access to this board.',
  )
  audit.record({
    action: 'access_withdrawn',
    sessionId: await auditScope(access, coupleId),
    actorRole: 'therapist',
    actorId: therapistId,
    subjectId: partner.id,
    detail: role,
  })
  return partner
}

/** One device withdrawn (or a pending one declined), with its passkeys. */
export async function withdrawDevice(
  access: Access,
  person: PersonRow,
  device: DeviceRow,
  therapistId: string,
): Promise<void> {
  const { invitations, passkeys, audit } = access
  if (!(await invitations.devices.withdraw(device.id))) return
  await passkeys.removeForDevice(device.id)
  // Sockets name the person, not the browser: any other device of theirs reconnects on its own.
  await shutOut(
    access,
    { coupleId: person.coupleId, sessionId: person.sessionId },
    [person.id],
    'Your therapist has withdrawn this device’s access.',
  )
  audit.record({
    action: 'device_withdrawn',
    sessionId: person.sessionId ?? (await auditScope(access, person.coupleId)),
    actorRole: 'therapist',
    actorId: therapistId,
    subjectId: device.id,
    detail: device.status,
  })
}

/**
 * A link revoked: it admits nobody any more, and whoever came in through it is shut out: an observer
 * as a person, a partner's browsers that came in on it (the partner keeps any other device).
 */
export async function revokeLink(access: Access, link: InvitationRow, therapistId: string): Promise<void> {
  const { invitations, passkeys, audit } = access
  await invitations.revoke(link.id)
  const people = await invitations.participantIdsFor(link.id)
  if (link.role === 'observer') {
    for (const id of people) await invitations.withdrawPerson(id)
  } else {
    for (const deviceId of await invitations.devices.withdrawAll({ invitationId: link.id }))
      await passkeys.removeForDevice(deviceId)
  }
  await shutOut(access, link, people, 'Your invitation was withdrawn; please ask for a new link.')
  audit.record({
    action: 'invitation_revoked',
    sessionId: link.sessionId ?? (await auditScope(access, link.coupleId)),
    actorRole: 'therapist',
    actorId: therapistId,
    subjectId: link.id,
    detail: link.role,
  })
}
