import { SYNC_CLOSE, apiErrorSchema, joinAnswerSchema } from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { auditOf, connectClient, createCleanup, waitSynced, withTimeout } from '../helpers.ts'
import { Browser } from '../access/people.ts'
import { RawPeer } from '../access/rawPeer.ts'
import {
  ageDevices,
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

async function sessionToken(browser: Browser, sessionId: string): Promise<Response> {
  return browser.request('POST', `/api/sessions/${sessionId}/connect-token`, { target: 'board' })
}

describe('a device’s sign-in lapses after 12 hours without use', () => {
  it('stays signed in while used; after 12 idle hours the link asks the therapist again', async () => {
    const { server } = await startPartnerServer(cleanup)
    const { therapist, coupleId } = await therapistWithCouple(server)
    const link = await partnerLink(therapist, coupleId, 'partnerA')
    const phone = new Browser(server.url)
    const joined = (await openLink(phone, link)).body
    const personId = String(joined.participantId)

    await ageDevices(server, personId, 11)
    expect((await planToken(phone, coupleId)).status).toBe(200)
    // That use counted: the next 12 hours start now.
    const lastSeen = 'SELECT max(last_seen_at) AS n FROM devices WHERE participant_id = ?'
    expect(await countRows(server, lastSeen, personId)).toBeGreaterThan(Date.now() - 60_000)

    await ageDevices(server, personId, 12)
    expect((await planToken(phone, coupleId)).status).toBe(401)
    expect((await phone.request('GET', '/api/me')).status).toBe(401)
    // Still enrolled: the therapist sees the device, signed out.
    const lapsed = await partners(therapist, coupleId)
    expect(lapsed.partners[0]?.devices).toEqual([
      expect.objectContaining({ status: 'active', signedIn: false }),
    ])

    const cookieBefore = [...phone.cookies.values()].join()
    const back = await openLink(phone, link)
    expect(back.status).toBe(202)
    const request = joinAnswerSchema.parse(back.body)
    if (request.status !== 'awaiting_confirmation') throw new Error('expected to wait')
    // A fresh cookie secret for the same device, which now waits.
    expect([...phone.cookies.values()].join()).not.toBe(cookieBefore)
    const waiting = await partners(therapist, coupleId)
    expect(waiting.pending).toEqual([
      expect.objectContaining({ id: request.requestId, kind: 'returning_device' }),
    ])
    expect(waiting.partners[0]?.devices).toEqual([])

    await therapist.json('POST', `/api/couples/${coupleId}/devices/${request.requestId}/confirm`)
    expect((await planToken(phone, coupleId)).personId).toBe(personId)
    expect(
      await countRows(server, 'SELECT count(*) AS n FROM devices WHERE participant_id = ?', personId),
    ).toBe(1)
  })
})

describe('withdrawing a partner', () => {
  it('closes their open board, refuses their next connection and REST call, and records it', async () => {
    const { server } = await startPartnerServer(cleanup)
    const { therapist, coupleId } = await therapistWithCouple(server)
    const { session } = await startSession(therapist, coupleId)
    const phone = new Browser(server.url)
    const link = await partnerLink(therapist, coupleId, 'partnerA')
    const personId = String((await openLink(phone, link)).body.participantId)
    const partnerB = new Browser(server.url)
    await openLink(partnerB, await partnerLink(therapist, coupleId, 'partnerB'), 'Bo')

    const tokenResponse = await sessionToken(phone, session.id)
    expect(tokenResponse.status).toBe(200)
    const { token } = (await tokenResponse.json()) as { token: string }
    let closedWith: number | null = null
    const board = connectClient(cleanup, server.url, session.id, {
      params: { token },
      shouldReconnect: () => false,
    })
    board.provider.on('connection-close', (event: CloseEvent | null) => {
      closedWith = event?.code ?? null
    })
    await waitSynced(board)
    const planPeer = await RawPeer.join(
      cleanup,
      server.url,
      coupleId,
      String((await planTokenRaw(phone, coupleId)).token),
    )

    const withdrawn = await partners(therapist, coupleId)
    expect(withdrawn.partners[0]?.enrolled).toBe(true)
    const after = await therapist.json('POST', `/api/couples/${coupleId}/partners/partnerA/withdraw`, {})
    expect(after).toMatchObject({
      partners: [{ role: 'partnerA', enrolled: false, devices: [] }, { enrolled: true }],
    })

    await withTimeout(
      new Promise<void>((resolve) => {
        const check = () => (closedWith !== null ? resolve() : setTimeout(check, 10))
        check()
      }),
      5_000,
      'the withdrawn partner’s board to close',
    )
    expect(closedWith).toBe(SYNC_CLOSE.forbidden.code)
    expect((await withTimeout(planPeer.closed, 5_000, 'the plan socket to close')).code).toBe(
      SYNC_CLOSE.forbidden.code,
    )

    // The token minted before is refused at the door; the cookie gets nothing over REST.
    const again = await RawPeer.open(cleanup, server.url, `sync/${session.id}?token=${token}`)
    const refused = await withTimeout(again.closed, 5_000, 'the door to refuse')
    expect(refused.code).toBe(SYNC_CLOSE.forbidden.code)
    expect(again.framesReceived).toBe(0)
    expect((await sessionToken(phone, session.id)).status).toBe(401)
    expect((await planToken(phone, coupleId)).status).toBe(401)
    expect((await phone.request('GET', '/api/me')).status).toBe(401)
    // Their link is gone too; partner B is untouched.
    const stale = await openLink(new Browser(server.url), link)
    expect(stale.status).toBe(410)
    expect(apiErrorSchema.parse(stale.body).code).toBe('invitation_revoked')
    expect((await planToken(partnerB, coupleId)).status).toBe(200)

    const entry = (await auditOf(server).forSession(session.id)).find(
      (candidate) => candidate.action === 'access_withdrawn',
    )
    expect(entry).toMatchObject({ actorRole: 'therapist', subjectId: personId, detail: 'partnerA' })

    // A new link enrols the partner afresh, as a new person.
    const fresh = await openLink(phone, await partnerLink(therapist, coupleId, 'partnerA'))
    expect(fresh.status).toBe(200)
    expect(fresh.body.participantId).not.toBe(personId)
    expect((await planToken(phone, coupleId)).status).toBe(200)
  })
})

async function planTokenRaw(browser: Browser, coupleId: string): Promise<{ token: string }> {
  return browser.json('POST', `/api/couples/${coupleId}/connect-token`, { target: 'board' })
}
