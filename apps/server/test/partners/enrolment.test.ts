import { apiErrorSchema, invitationSchema, joinAnswerSchema } from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { auditOf, createCleanup } from '../helpers.ts'
import { Browser, signUpTherapist } from '../access/people.ts'
import {
  countRows,
  openLink,
  partnerLink,
  partners,
  planToken,
  startPartnerServer,
  startSession,
  therapistWithCouple,
} from './partnerPeople.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const PARTICIPANTS = 'SELECT count(*) AS n FROM participants WHERE couple_id = ?'

describe('a partner’s link enrols that partner once', () => {
  it('the same browser again is the same person; another browser waits for the therapist', async () => {
    const { server } = await startPartnerServer(cleanup)
    const { therapist, coupleId } = await therapistWithCouple(server)
    const link = await partnerLink(therapist, coupleId, 'partnerA')
    expect(link).toMatchObject({ coupleId, sessionId: null, role: 'partnerA', admits: 1, used: 0 })

    const phone = new Browser(server.url)
    const first = await openLink(phone, link)
    expect(first.status).toBe(200)
    const joined = joinAnswerSchema.parse(first.body)
    if (joined.status !== 'joined') throw new Error('expected to join')
    expect(joined).toMatchObject({ coupleId, role: 'partnerA', displayName: 'Ari', sessionId: null })
    expect((await planToken(phone, coupleId)).personId).toBe(joined.participantId)

    // Opened again on the phone: the same person, no new row, no new device.
    const again = await openLink(phone, link)
    expect(again.status).toBe(200)
    expect(again.body.participantId).toBe(joined.participantId)
    expect(await countRows(server, PARTICIPANTS, coupleId)).toBe(1)

    // Forwarded to someone else: their browser only asks, and is not anybody yet.
    const laptop = new Browser(server.url)
    const asked = await openLink(laptop, link, 'Someone else')
    expect(asked.status).toBe(202)
    const request = joinAnswerSchema.parse(asked.body)
    if (request.status !== 'awaiting_confirmation') throw new Error('expected to wait')
    expect(request.message).toMatch(/therapist will confirm/)
    expect((await planToken(laptop, coupleId)).status).toBe(401)
    expect((await laptop.request('GET', '/api/me')).status).toBe(401)
    expect(await countRows(server, PARTICIPANTS, coupleId)).toBe(1)
    const stranger = await laptop.request('GET', `/api/invitations/requests/${request.requestId}`)
    expect(joinAnswerSchema.parse(await stranger.json()).status).toBe('awaiting_confirmation')
    // Nobody else can ask about that request.
    expect(
      (await new Browser(server.url).request('GET', `/api/invitations/requests/${request.requestId}`)).status,
    ).toBe(404)

    const waiting = await partners(therapist, coupleId)
    expect(waiting.partners[0]).toMatchObject({ role: 'partnerA', displayName: 'Ari', enrolled: true })
    expect(waiting.partners[0]?.devices).toHaveLength(1)
    expect(waiting.partners[1]).toMatchObject({
      role: 'partnerB',
      displayName: 'Bo',
      enrolled: false,
      devices: [],
    })
    expect(waiting.pending).toEqual([
      expect.objectContaining({
        id: request.requestId,
        role: 'partnerA',
        status: 'pending',
        kind: 'new_device',
      }),
    ])

    await therapist.json('POST', `/api/couples/${coupleId}/devices/${request.requestId}/confirm`)
    const confirmed = joinAnswerSchema.parse(
      await (await laptop.request('GET', `/api/invitations/requests/${request.requestId}`)).json(),
    )
    expect(confirmed).toMatchObject({
      status: 'joined',
      participantId: joined.participantId,
      displayName: 'Ari',
    })
    expect((await planToken(laptop, coupleId)).personId).toBe(joined.participantId)
    const after = await partners(therapist, coupleId)
    expect(after.pending).toEqual([])
    expect(after.partners[0]?.devices.map((device) => device.status)).toEqual(['active', 'active'])
    expect(await countRows(server, PARTICIPANTS, coupleId)).toBe(1)

    const trail = await auditOf(server).forSession(coupleId)
    expect(trail.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['invitation_issued', 'invitation_accepted', 'device_enrolled']),
    )
    expect(trail.filter((entry) => entry.action === 'device_awaiting_confirmation')).toHaveLength(1)
    expect(trail.find((entry) => entry.action === 'device_confirmed')).toMatchObject({
      actorRole: 'therapist',
      subjectId: request.requestId,
      detail: 'partnerA',
    })
    // Ids and codes only: no name in the trail.
    expect(JSON.stringify(trail)).not.toMatch(/Ari|Someone/)
  })

  it('a declined device is told so, and only the couple’s therapist confirms or sees devices', async () => {
    const { server } = await startPartnerServer(cleanup)
    const { therapist, coupleId } = await therapistWithCouple(server)
    const link = await partnerLink(therapist, coupleId, 'partnerB')
    await openLink(new Browser(server.url), link, 'Bo')
    const other = new Browser(server.url)
    const { requestId } = (await openLink(other, link, 'Bo')).body as { requestId: string }

    const stranger = await signUpTherapist(server)
    expect((await stranger.request('GET', `/api/couples/${coupleId}/partners`)).status).toBe(404)
    expect(
      (await stranger.request('POST', `/api/couples/${coupleId}/devices/${requestId}/confirm`)).status,
    ).toBe(404)

    await therapist.json('POST', `/api/couples/${coupleId}/devices/${requestId}/withdraw`)
    const declined = await other.request('GET', `/api/invitations/requests/${requestId}`)
    expect(declined.status).toBe(410)
    expect(apiErrorSchema.parse(await declined.json()).code).toBe('request_declined')
    const refused = await therapist.request('POST', `/api/couples/${coupleId}/devices/${requestId}/confirm`)
    expect(refused.status).toBe(409)
    expect((await auditOf(server).forSession(coupleId)).map((entry) => entry.action)).toContain(
      'device_withdrawn',
    )
  })

  it('a fresh link adds the browser it is opened on to the enrolled partner, and replaces the old link', async () => {
    const { server } = await startPartnerServer(cleanup)
    const { therapist, coupleId } = await therapistWithCouple(server)
    const first = await partnerLink(therapist, coupleId, 'partnerA')
    const phone = new Browser(server.url)
    const joined = (await openLink(phone, first)).body
    const second = await partnerLink(therapist, coupleId, 'partnerA')
    const tablet = new Browser(server.url)
    const added = await openLink(tablet, second)
    expect(added.status).toBe(200)
    expect(added.body.participantId).toBe(joined.participantId)
    expect(await countRows(server, PARTICIPANTS, coupleId)).toBe(1)
    // The phone stays signed in; the old link admits nobody new.
    expect((await planToken(phone, coupleId)).status).toBe(200)
    const stale = await openLink(new Browser(server.url), first)
    expect(stale.status).toBe(410)
    expect(stale.body.code).toBe('invitation_revoked')
  })
})

describe('an observer’s link admits as many people as it says', () => {
  it('admits `admits` people, then refuses with 410 invitation_used_up; a returning observer is the same person', async () => {
    const { server } = await startPartnerServer(cleanup)
    const { therapist, coupleId } = await therapistWithCouple(server)
    const { session } = await startSession(therapist, coupleId)
    const tooMany = await therapist.request('POST', '/api/invitations', {
      sessionId: session.id,
      role: 'observer',
      admits: 11,
    })
    expect(tooMany.status).toBe(400)
    expect(apiErrorSchema.parse(await tooMany.json()).message).toMatch(/at most 10/)
    const link = await therapist.json(
      'POST',
      '/api/invitations',
      { sessionId: session.id, role: 'observer', admits: 2 },
      invitationSchema,
    )
    expect(link).toMatchObject({ sessionId: session.id, coupleId, admits: 2, used: 0 })

    const student = new Browser(server.url)
    const one = await openLink(student, link, 'Student')
    const two = await openLink(new Browser(server.url), link, 'Supervisor')
    expect([one.status, two.status]).toEqual([200, 200])
    expect(one.body).toMatchObject({ role: 'observer', sessionId: session.id })
    const third = await openLink(new Browser(server.url), link, 'Third')
    expect(third.status).toBe(410)
    expect(apiErrorSchema.parse(third.body)).toEqual({
      code: 'invitation_used_up',
      message: expect.stringMatching(/already been used by everyone it was meant for/),
    })
    const back = await openLink(student, link, 'Student')
    expect(back.status).toBe(200)
    expect(back.body.participantId).toBe(one.body.participantId)
    expect(
      await countRows(server, 'SELECT count(*) AS n FROM participants WHERE session_id = ?', session.id),
    ).toBe(2)
    // Observers come to the session, never to the plan between sessions.
    expect((await planToken(student, coupleId)).status).not.toBe(200)
  })
})
