import type { PartnerRole } from '@session-board/protocol'
import type { DeviceRow } from './devices.ts'
import type { InvitationRow, Invitations, ParticipantRow, PersonRow } from './invitations.ts'

/**
 * What opening a link did. `cookie` is a new secret for this browser (null: keep the one it has).
 * `event` names what the audit records: a device enrolled, a device signed in again, or nothing new.
 */
export type Admission =
  | {
      kind: 'joined'
      participant: ParticipantRow
      cookie: string | null
      event: 'device_enrolled' | 'signed_in_again' | 'same_device'
    }
  | {
      kind: 'awaiting'
      participant: PersonRow
      device: DeviceRow
      cookie: string | null
      /** A device the partner had before (its sign-in lapsed), rather than a new one. */
      returning: boolean
      /** Whether this opening made the request (false: the browser asks again about its request). */
      isNew: boolean
    }
  | { kind: 'used_up' }
  /** Revoked or expired after the caller read it (it was withdrawn meanwhile). */
  | { kind: 'not_live' }

/**
 * Who opens the link. `cookie`: the browser's cookie for the link's couple (partners) or session
 * (observers). `otherCookies`: its other participant cookies; a partner who joined before couples
 * existed holds theirs under the old session's name, and is recognised by it.
 */
type Visitor = { displayName: string; cookie: string | undefined; otherCookies: string[]; label: string }

/**
 * Admits a visitor through a live link, in one transaction.
 *
 * A partner's link enrols that partner once, on the browser where it is first used (a fresh link for
 * an already enrolled partner adds this browser to them: the therapist sent it). Opened again on a
 * browser of that partner it signs nobody new in; on any other browser it only asks: the browser
 * becomes a pending device the therapist must confirm, and never a second partner.
 *
 * An observer's link admits up to `admits` people, each one person with one device; the same browser
 * opening it again is the same person.
 */
export function admit(invitations: Invitations, link: InvitationRow, visitor: Visitor): Promise<Admission> {
  return invitations.transaction(async (inside) => {
    // Read again inside the transaction: the therapist may have revoked it since the caller read it.
    const current = (await inside.byId(link.id)) ?? link
    if (!inside.isLive(current)) return { kind: 'not_live' }
    return current.role === 'observer'
      ? admitObserver(inside, current, visitor)
      : admitPartner(inside, current, current.role, visitor)
  })
}

async function admitPartner(
  invitations: Invitations,
  link: InvitationRow,
  role: PartnerRole,
  visitor: Visitor,
): Promise<Admission> {
  const { devices } = invitations
  const partner = await invitations.partnerOf(link.coupleId, role)
  // This browser already is one of the partner's devices (active, pending or lapsed), and by which cookie.
  let theirs: DeviceRow | null = null
  let theirsSecret: string | undefined
  for (const secret of [visitor.cookie, ...visitor.otherCookies]) {
    const shown = secret ? await devices.byCookie(secret) : null
    if (!shown || !partner || shown.participantId !== partner.id || shown.status === 'withdrawn') continue
    theirs = shown
    theirsSecret = secret
    break
  }
  // Found under an old session's name: the same secret goes under the couple's name as well.
  const keptCookie = theirsSecret !== visitor.cookie ? (theirsSecret ?? null) : null

  if (link.used === 0) {
    await invitations.countUse(link.id)
    if (!partner) {
      const person = await invitations.addPerson({
        coupleId: link.coupleId,
        sessionId: null,
        role,
        displayName: visitor.displayName,
        invitationId: link.id,
      })
      const { cookie, device } = await devices.enrol(person.id, {
        status: 'active',
        invitationId: link.id,
        label: visitor.label,
      })
      return { kind: 'joined', participant: asSignedIn(person, device), cookie, event: 'device_enrolled' }
    }
    await invitations.rename(partner.id, visitor.displayName)
    const named = { ...partner, displayName: visitor.displayName }
    if (theirs) {
      const cookie = await devices.renew(theirs.id, 'active')
      return { kind: 'joined', participant: asSignedIn(named, theirs), cookie, event: 'signed_in_again' }
    }
    const { cookie, device } = await devices.enrol(partner.id, {
      status: 'active',
      invitationId: link.id,
      label: visitor.label,
    })
    return { kind: 'joined', participant: asSignedIn(named, device), cookie, event: 'device_enrolled' }
  }

  // A used link: whoever it enrolled was withdrawn since (withdrawing revokes their links as well).
  if (!partner) return { kind: 'used_up' }
  if (theirs?.status === 'active' && !devices.isLapsed(theirs)) {
    await devices.touch(theirs)
    return {
      kind: 'joined',
      participant: asSignedIn(partner, theirs),
      cookie: keptCookie,
      event: 'same_device',
    }
  }
  if (theirs?.status === 'pending') {
    return {
      kind: 'awaiting',
      participant: partner,
      device: theirs,
      cookie: keptCookie,
      returning: false,
      isNew: false,
    }
  }
  if (theirs) {
    // Enrolled, but not used for 12 hours: the link alone does not sign it in again; the therapist does.
    const cookie = await devices.renew(theirs.id, 'pending')
    const device = (await devices.byId(theirs.id)) ?? theirs
    return { kind: 'awaiting', participant: partner, device, cookie, returning: true, isNew: true }
  }
  const { cookie, device } = await devices.enrol(partner.id, {
    status: 'pending',
    invitationId: link.id,
    label: visitor.label,
  })
  return { kind: 'awaiting', participant: partner, device, cookie, returning: false, isNew: true }
}

async function admitObserver(
  invitations: Invitations,
  link: InvitationRow,
  visitor: Visitor,
): Promise<Admission> {
  const { devices } = invitations
  const shown = visitor.cookie ? await devices.byCookie(visitor.cookie) : null
  const person = shown?.status === 'active' ? await invitations.person(shown.participantId) : null
  if (shown && person && person.withdrawnAt === null && person.invitationId === link.id) {
    await devices.touch(shown)
    return { kind: 'joined', participant: asSignedIn(person, shown), cookie: null, event: 'same_device' }
  }
  if (link.used >= link.admits) return { kind: 'used_up' }
  await invitations.countUse(link.id)
  const observer = await invitations.addPerson({
    coupleId: link.coupleId,
    sessionId: link.sessionId,
    role: 'observer',
    displayName: visitor.displayName,
    invitationId: link.id,
  })
  const { cookie, device } = await devices.enrol(observer.id, {
    status: 'active',
    invitationId: link.id,
    label: visitor.label,
  })
  return { kind: 'joined', participant: asSignedIn(observer, device), cookie, event: 'device_enrolled' }
}

function asSignedIn(person: PersonRow, device: DeviceRow): ParticipantRow {
  return {
    id: person.id,
    coupleId: person.coupleId,
    sessionId: person.sessionId,
    role: person.role,
    displayName: person.displayName,
    deviceId: device.id,
  }
}
