import { auditListSchema, invitationSchema } from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { createCleanup } from '../helpers.ts'
import { connectToken, openRoom, signUpTherapist, startSecureServer } from '../access/people.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

describe('a link the therapist can copy again', () => {
  it('is the same link, shows nobody out, is the therapist’s alone, and ends with its revocation', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const issued = room.invitations.find((invitation) => invitation.role === 'partnerA')!
    const therapist = room.therapist.browser

    // Another tab, another day: the link is signed again from its row, the very same link.
    const shown = await therapist.json('POST', `/api/invitations/${issued.id}/show`, {}, invitationSchema)
    expect(shown.link).toBe(issued.link)
    // Partner A, who joined with it, is still in.
    expect((await connectToken(room.partnerA.browser, room.sessionId)).role).toBe('partnerA')
    const observerLink = room.invitations.find((invitation) => invitation.role === 'observer')!
    const observerAgain = await therapist.json(
      'POST',
      `/api/invitations/${observerLink.id}/show`,
      {},
      invitationSchema,
    )
    expect(observerAgain.link).toBe(observerLink.link)

    // Nobody else may have it shown: another therapist, a partner.
    const other = await signUpTherapist(server)
    expect((await other.request('POST', `/api/invitations/${issued.id}/show`, {})).status).toBe(404)
    expect(
      (await room.partnerB.browser.request('POST', `/api/invitations/${issued.id}/show`, {})).status,
    ).toBe(401)

    const trail = await therapist.json('GET', `/api/audit/${room.sessionId}`, undefined, auditListSchema)
    expect(trail.entries.filter((entry) => entry.action === 'invitation_shown')).toHaveLength(2)

    // Revoked, it cannot be shown again, and the link it was no longer admits anyone.
    expect((await therapist.request('POST', `/api/invitations/${issued.id}/revoke`, {})).status).toBe(200)
    const gone = await therapist.request('POST', `/api/invitations/${issued.id}/show`, {})
    expect(gone.status).toBe(410)
    expect(await gone.json()).toMatchObject({ code: 'invitation_not_live' })
    const token = new URL(issued.link!, server.url).searchParams.get('token')!
    const preview = await therapist.request(
      'GET',
      `/api/invitations/preview?token=${encodeURIComponent(token)}`,
    )
    expect(preview.status).toBe(410)
  })
})
