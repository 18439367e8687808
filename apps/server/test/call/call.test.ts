import type { BoardDoc } from '@session-board/board'
import { selectCallKeyIndex } from '@session-board/board'
import { apiErrorSchema, callDetailsSchema } from '@session-board/protocol'
import type { CallDetails } from '@session-board/protocol'
import { createHash } from 'node:crypto'
import { AccessToken, RoomServiceClient, TokenVerifier } from 'livekit-server-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCAL_LIVEKIT_BINARY } from '../../src/livekit/localLiveKit.ts'
import type { RunningServer } from '../../src/server.ts'
import type { Browser, Room } from '../access/people.ts'
import { openRoom, startSecureServer } from '../access/people.ts'
import { auditOf, createCleanup, waitFor } from '../helpers.ts'
import { SignalPeer } from './signalPeer.ts'
import { joinPlan } from '../couples/couple.ts'

// A real livekit-server (v1.13.5, built by scripts/board) on loopback, started by the board server
// itself exactly as `npm start` does. Its ports: signalling, then ICE over TCP, then UDP. This file runs
// in both projects at once, so each has its own ports, below the kernel's ephemeral range (32768 and
// up), where no other test's server or outgoing socket is given one.
const LIVEKIT_PORT = process.env.BOARD_TEST_STORE === 'postgres' ? 27950 : 27940
const MAX_OBSERVERS = 2

const cleanup = createCleanup()
let server: RunningServer
let liveKitUrl: string
/** The LiveKit API as an operator would use it, with the key pair the board server gave its LiveKit. */
let rooms: RoomServiceClient
let verifier: TokenVerifier

async function callDetails(browser: Browser, sessionId: string): Promise<CallDetails> {
  return browser.json('POST', `/api/sessions/${sessionId}/call`, {}, callDetailsSchema)
}

async function refusal(browser: Browser, sessionId: string) {
  const response = await browser.request('POST', `/api/sessions/${sessionId}/call`, {})
  return { status: response.status, body: apiErrorSchema.parse(await response.json()) }
}

const keyIndexOf = async (sessionId: string) => {
  let index = -1
  // A session's board is its couple's document.
  const board = (await server.access.sessions.byId(sessionId))?.coupleId ?? sessionId
  await server.registry.write(board, (doc: BoardDoc) => {
    index = selectCallKeyIndex(doc)
  })
  return index
}

beforeAll(async () => {
  server = await startSecureServer(cleanup, {
    video: { mode: 'local', binary: LOCAL_LIVEKIT_BINARY, port: LIVEKIT_PORT, required: true },
    access: { callMaxObservers: MAX_OBSERVERS },
  })
  // The test reads the key pair the server generated for its own LiveKit, as an operator holds it.
  const settings = server.liveKit
  if (!settings) throw new Error('the board server started without its LiveKit')
  liveKitUrl = settings.apiUrl
  rooms = new RoomServiceClient(settings.apiUrl, settings.apiKey, settings.apiSecret)
  verifier = new TokenVerifier(settings.apiKey, settings.apiSecret)
}, 30_000)

afterAll(() => cleanup.run())

describe('the video call on a real LiveKit server', () => {
  let room: Room
  beforeAll(async () => {
    room = await openRoom(server, { title: 'Week 3', partnerAName: 'Maya', partnerBName: 'Sam' })
  })

  it('opens one room per session when the therapist opens it, with room for the couple, the therapist and the observers', async () => {
    // A partner who comes early waits: the room exists only once the therapist opened the session.
    const early = await refusal(room.partnerA.browser, room.sessionId)
    expect(early.status).toBe(409)
    expect(early.body).toEqual({
      code: 'call_not_open',
      message: 'The call opens when your therapist opens the session.',
    })
    expect(await rooms.listRooms([room.sessionId])).toEqual([])

    const therapist = await callDetails(room.therapist.browser, room.sessionId)
    expect(therapist.room).toBe(room.sessionId)
    const [created] = await rooms.listRooms([room.sessionId])
    expect(created?.maxParticipants).toBe(3 + MAX_OBSERVERS)
    expect(created?.emptyTimeout).toBe(15 * 60)

    // Another session gets its own room; asking again does not make a second one.
    const other = await openRoom(server)
    await callDetails(other.therapist.browser, other.sessionId)
    await callDetails(room.therapist.browser, room.sessionId)
    const names = (await rooms.listRooms()).map((listed) => listed.name)
    expect(names.filter((name) => name === room.sessionId)).toHaveLength(1)
    expect(names).toContain(other.sessionId)
  })

  it('opens no room for the couple’s plan: the therapist on the couple’s page is in no call', async () => {
    const other = await openRoom(server, { title: 'Week 1', partnerAName: 'Ana', partnerBName: 'Lu' })
    const [couple] = (
      await other.therapist.browser.json<{ couples: { id: string }[] }>('GET', '/api/couples')
    ).couples
    const plan = await joinPlan(cleanup, server, other.therapist.browser, couple!.id)
    expect(plan.ws.readyState).toBe(plan.ws.OPEN)
    // The join is handled as the socket opens; give a room that should not exist the time to appear.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await rooms.listRooms([couple!.id])).toEqual([])
    expect(await rooms.listRooms([other.sessionId])).toEqual([])
  })

  it('mints short-lived tokens whose grants follow the role, with the board identity and no name', async () => {
    const therapist = await callDetails(room.therapist.browser, room.sessionId)
    const partnerA = await callDetails(room.partnerA.browser, room.sessionId)
    const partnerB = await callDetails(room.partnerB.browser, room.sessionId)
    const observer = await callDetails(room.observer.browser, room.sessionId)

    const claims = await Promise.all(
      [therapist, partnerA, partnerB, observer].map((d) => verifier.verify(d.token)),
    )
    const [forTherapist, forA, forB, forObserver] = claims
    expect(forTherapist?.video).toMatchObject({
      room: room.sessionId,
      roomJoin: true,
      roomAdmin: true,
      canPublish: true,
      canSubscribe: true,
    })
    for (const partner of [forA, forB]) {
      expect(partner?.video).toMatchObject({
        roomJoin: true,
        canPublish: true,
        canSubscribe: true,
        canPublishData: true,
      })
      expect(partner?.video?.roomAdmin).toBeFalsy()
      expect(partner?.video?.hidden).toBeFalsy()
    }
    expect(forObserver?.video).toMatchObject({
      roomJoin: true,
      canSubscribe: true,
      canPublish: false,
      canPublishData: false,
      hidden: true,
    })
    expect(forObserver?.video?.roomAdmin).toBeFalsy()

    // The identity is the board's person id, and the role rides along; LiveKit gets no display name.
    expect(claims.map((claim) => claim.sub)).toEqual([
      room.therapist.personId,
      room.partnerA.personId,
      room.partnerB.personId,
      room.observer.personId,
    ])
    expect(claims.map((claim) => claim.attributes?.role)).toEqual([
      'therapist',
      'partnerA',
      'partnerB',
      'observer',
    ])
    for (const claim of claims) {
      expect(claim.name ?? '').toBe('')
      const lifetime = (claim as { exp?: number }).exp! - (claim as { nbf?: number }).nbf!
      expect(lifetime).toBeLessThanOrEqual(10 * 60)
      expect(lifetime).toBeGreaterThan(0)
    }
    // Everyone in the session gets the same end-to-end key, which never appears in the token.
    expect(new Set([therapist, partnerA, partnerB, observer].map((d) => d.e2ee.key)).size).toBe(1)
    expect(Buffer.from(therapist.e2ee.key, 'base64url')).toHaveLength(32)
    expect(therapist.token).not.toContain(therapist.e2ee.key)
    // On loopback the browsers get no ICE servers at all: no STUN, no TURN, nothing outside the machine.
    expect(therapist.iceServers).toEqual([])
  })

  it('lets partners publish, refuses an observer’s publish in LiveKit itself, and hides the observer', async () => {
    const partner = await SignalPeer.join(
      liveKitUrl,
      (await callDetails(room.partnerA.browser, room.sessionId)).token,
    )
    const observer = await SignalPeer.join(
      liveKitUrl,
      (await callDetails(room.observer.browser, room.sessionId)).token,
    )
    try {
      partner.publishMicrophone()
      observer.publishMicrophone()
      const published = await partner.next('trackPublished')
      expect(published.cid).toBe('microphone-1')
      const refused = await observer.next('requestResponse')
      expect(refused.toJson()).toMatchObject({ reason: 'NOT_ALLOWED', addTrack: { source: 'MICROPHONE' } })
      expect(observer.received.some((message) => message.message.case === 'trackPublished')).toBe(false)

      const listed = await rooms.listParticipants(room.sessionId)
      const observerInfo = listed.find((info) => info.identity === room.observer.personId)
      expect(observerInfo?.permission?.canPublish).toBe(false)
      expect(observerInfo?.permission?.hidden).toBe(true)
      // The partner never hears of the observer in the call (the board shows them as present).
      const late = await SignalPeer.join(
        liveKitUrl,
        (await callDetails(room.partnerB.browser, room.sessionId)).token,
      )
      const join = await late.next('join')
      const others = join.otherParticipants.map((info) => info.identity)
      expect(others).toContain(room.partnerA.personId)
      expect(others).not.toContain(room.observer.personId)
      late.close()
    } finally {
      partner.close()
      observer.close()
    }
  })

  it('records the call opening, joins and leaves from LiveKit’s signed webhooks once each, and refuses forged ones', async () => {
    const entries = () => auditOf(server).forSession(room.sessionId)
    // LiveKit itself posted room_started when the therapist opened the room; it verified and was kept.
    await waitFor(
      async () => (await entries()).some((entry) => entry.action === 'call_opened'),
      'LiveKit’s own room_started webhook in the audit trail',
    )
    const settings = server.liveKit!
    const post = (body: string, authorization: string | undefined) =>
      fetch(new URL('api/livekit/webhook', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/webhook+json', ...(authorization ? { authorization } : {}) },
        body,
      })
    // Signed as LiveKit signs: a JWT from the key pair carrying the body's SHA-256.
    const sign = async (body: string, secret: string) => {
      const token = new AccessToken(settings.apiKey, secret)
      token.sha256 = createHash('sha256').update(body).digest('base64')
      return token.toJwt()
    }
    const event = (name: string, identity: string, role: string) =>
      JSON.stringify({
        id: `EV_${name}_${identity}`,
        event: name,
        room: { name: room.sessionId },
        participant: { identity, attributes: { role } },
      })

    for (const name of ['participant_joined', 'participant_left']) {
      const body = event(name, room.partnerB.personId, 'partnerB')
      // LiveKit may deliver an event again: the second delivery is accepted and not recorded twice.
      for (let delivery = 0; delivery < 2; delivery++)
        expect((await post(body, await sign(body, settings.apiSecret))).status).toBe(200)
    }
    const call = (await entries()).filter(
      (entry) => entry.actorId === room.partnerB.personId && entry.action.startsWith('call_'),
    )
    expect(call.map(({ action, actorRole }) => [action, actorRole])).toEqual([
      ['call_joined', 'partnerB'],
      ['call_left', 'partnerB'],
    ])

    // A forged event: signed with another secret, a token for another body, nonsense, or no signature.
    const before = (await entries()).length
    const forged = event('participant_joined', 'intruder', 'therapist')
    const otherBody = event('participant_left', 'intruder', 'therapist')
    const signatures = [
      await sign(forged, 'a-secret-that-is-not-the-servers-0123456789'),
      await sign(otherBody, settings.apiSecret),
      'not-a-token',
      undefined,
    ]
    for (const authorization of signatures) {
      const response = await post(forged, authorization)
      expect(response.status).toBe(401)
      expect(apiErrorSchema.parse(await response.json())).toEqual({
        code: 'bad_signature',
        message: 'The webhook’s signature did not verify, so it was ignored.',
      })
    }
    expect(await entries()).toHaveLength(before)
    expect((await entries()).some((entry) => entry.actorId === 'intruder')).toBe(false)
  })

  it('takes a removed partner out of the call and gives everyone else a new key', async () => {
    const second = await openRoom(server, { title: 'Week 4', partnerAName: 'Maya', partnerBName: 'Sam' })
    const first = await callDetails(second.therapist.browser, second.sessionId)
    const peer = await SignalPeer.join(
      liveKitUrl,
      (await callDetails(second.partnerB.browser, second.sessionId)).token,
    )
    expect(await keyIndexOf(second.sessionId)).toBe(0)

    const invitation = second.invitations.find((candidate) => candidate.role === 'partnerB')
    const revoked = await second.therapist.browser.request(
      'POST',
      `/api/invitations/${invitation?.id}/revoke`,
      {},
    )
    expect(revoked.status).toBe(200)
    await peer.closed()
    await waitFor(async () => (await keyIndexOf(second.sessionId)) === 1, 'the new key’s index on the board')
    const identities = (await rooms.listParticipants(second.sessionId)).map((info) => info.identity)
    expect(identities).not.toContain(second.partnerB.personId)

    const after = await callDetails(second.partnerA.browser, second.sessionId)
    expect(after.e2ee.keyIndex).toBe(1)
    expect(after.e2ee.key).not.toBe(first.e2ee.key)
    expect((await refusal(second.partnerB.browser, second.sessionId)).status).toBe(401)
  })

  it('ends the call with the session: nobody is left in the room and nobody can rejoin', async () => {
    const third = await openRoom(server)
    await callDetails(third.therapist.browser, third.sessionId)
    const peers = [
      await SignalPeer.join(liveKitUrl, (await callDetails(third.therapist.browser, third.sessionId)).token),
      await SignalPeer.join(liveKitUrl, (await callDetails(third.partnerA.browser, third.sessionId)).token),
    ]
    expect(await rooms.listParticipants(third.sessionId)).toHaveLength(2)

    const ended = await third.therapist.browser.request('POST', `/api/sessions/${third.sessionId}/end`, {})
    expect(ended.status).toBe(200)
    expect(await rooms.listParticipants(third.sessionId)).toEqual([])
    for (const peer of peers) await peer.closed()
    const again = await refusal(third.partnerA.browser, third.sessionId)
    expect(again).toEqual({
      status: 409,
      body: { code: 'session_ended', message: 'This session is not running, so its call is closed.' },
    })
    expect(
      (await auditOf(server).forSession(third.sessionId)).some((entry) => entry.action === 'call_ended'),
    ).toBe(true)
  })
})
