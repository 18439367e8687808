import { addProposal, selectGrid, selectScores, setCriteria, setScore } from '@session-board/board'
import { connectTokenSchema } from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { TokenSigner } from '../../src/access/tokens.ts'
import type { RunningServer } from '../../src/server.ts'
import { createCleanup, waitForDoc, withTimeout } from '../helpers.ts'
import type { Person, Room } from './people.ts'
import { TEST_SECRET, openRoom, startSecureServer } from './people.ts'
import { RawPeer } from './rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const askScoresToken = (person: Person, sessionId: string) =>
  person.browser.request('POST', `/api/sessions/${sessionId}/connect-token`, { target: 'scores' })

async function scoresToken(person: Person, sessionId: string): Promise<string> {
  const response = await askScoresToken(person, sessionId)
  return connectTokenSchema.parse(await response.json()).token
}

/** Opens a raw peer and waits for its first sync. */
async function join(server: RunningServer, path: string, token: string): Promise<RawPeer> {
  const peer = await RawPeer.open(cleanup, server.url, `${path}?token=${encodeURIComponent(token)}`)
  await withTimeout(
    Promise.race([
      peer.synced,
      peer.closed.then((c) => Promise.reject(new Error(`closed ${c.code} ${c.reason}`))),
    ]),
    10_000,
    'the raw peer to sync',
  )
  return peer
}

/** Opens a socket and expects it closed at the door, before any document byte arrived. */
async function expectRefusedAtDoor(server: RunningServer, path: string, reason: RegExp) {
  const peer = await RawPeer.open(cleanup, server.url, path)
  const closed = await withTimeout(peer.closed, 5_000, 'the door to close the socket')
  expect(closed.code).toBe(4403)
  expect(closed.reason).toMatch(reason)
  expect(peer.framesReceived).toBe(0)
}

const signed = (room: Room, kind: 'login' | 'participant', sub: string, doc: 'board' | 'scores') =>
  new TokenSigner(Buffer.from(TEST_SECRET)).sign({
    typ: 'connect',
    sid: room.sessionId,
    doc,
    kind,
    sub,
    exp: Date.now() + 60_000,
  })

/** Expects the peer's last write refused with `rule`, and its socket closed. */
async function expectRefused(peer: RawPeer, rule: string) {
  const closed = await withTimeout(peer.closed, 5_000, 'the writer to be closed')
  expect(closed.code).toBe(4403)
  expect(peer.refusals.map((refusal) => refusal.code)).toEqual([rule])
}

describe('the door of the scores documents', () => {
  it('refuses the therapist and observers, at the token and at the socket', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const therapistAsk = await askScoresToken(room.therapist, room.sessionId)
    expect(therapistAsk.status).toBe(403)
    expect(await therapistAsk.json()).toMatchObject({ code: 'scores_forbidden' })
    const observerAsk = await askScoresToken(room.observer, room.sessionId)
    expect(observerAsk.status).toBe(403)
    expect(await observerAsk.json()).toMatchObject({ code: 'scores_forbidden' })

    // Tokens the REST route would never give, signed by hand, are still refused at the door.
    const loginId = JSON.parse(
      Buffer.from((await room.therapist.token()).split('.')[0] ?? '', 'base64url').toString(),
    ) as { sub: string }
    const scoresOf = `sync/${room.sessionId}/scores?token=`
    await expectRefusedAtDoor(server, scoresOf + signed(room, 'login', loginId.sub, 'scores'), /theirs alone/)
    await expectRefusedAtDoor(
      server,
      scoresOf + signed(room, 'participant', room.observer.personId, 'scores'),
      /theirs alone/,
    )
  })

  it('lets each partner open only their own, and a token opens only the document it names', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const scoresA = await join(
      server,
      `sync/${room.sessionId}/scores`,
      await scoresToken(room.partnerA, room.sessionId),
    )
    scoresA.write((doc) => setScore(doc, 'proposal_1', 'burden', 7))
    const scoresB = await join(
      server,
      `sync/${room.sessionId}/scores`,
      await scoresToken(room.partnerB, room.sessionId),
    )
    expect(selectScores(scoresB.doc)).toEqual({})
    const againA = await join(
      server,
      `sync/${room.sessionId}/scores`,
      await scoresToken(room.partnerA, room.sessionId),
    )
    await waitForDoc(againA.doc, () => selectScores(againA.doc).proposal_1?.burden === 7, 'A’s own score')

    // A board token does not open the scores, nor a scores token the board.
    await expectRefusedAtDoor(
      server,
      `sync/${room.sessionId}/scores?token=${await room.partnerB.token()}`,
      /does not open this document/,
    )
    await expectRefusedAtDoor(
      server,
      `sync/${room.sessionId}?token=${await scoresToken(room.partnerB, room.sessionId)}`,
      /does not open this document/,
    )
  })
})

describe('grid writes, attempted over the raw protocol', () => {
  it('refuses anyone but the server writing the revealed scores, the therapist included', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    for (const person of [room.partnerA, room.therapist]) {
      const peer = await join(server, `sync/${room.sessionId}`, await person.token())
      peer.write((doc) =>
        doc.transact(() => {
          doc.getMap('grid').set('revealed', { partnerA: { p: { burden: 1 } }, partnerB: {} })
          doc.getMap('grid').set('revealedAt', 1)
        }),
      )
      await expectRefused(peer, 'server_only')
    }
    const witness = await join(server, `sync/${room.sessionId}`, await room.observer.token())
    expect(selectGrid(witness.doc).revealed).toBeNull()
  })

  it('lets the therapist set the criteria and a partner add a proposal, but not a partner the criteria', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const therapist = await join(server, `sync/${room.sessionId}`, await room.therapist.token())
    therapist.write((doc) => setCriteria(doc, [{ id: 'cost', label: 'Cost' }]))
    const partner = await join(server, `sync/${room.sessionId}`, await room.partnerB.token())
    partner.write((doc) => addProposal(doc, 'Walk after dinner'))
    partner.write((doc) => setCriteria(doc, [{ id: 'fun', label: 'Fun' }]))
    await expectRefused(partner, 'therapist_only')
    const witness = await join(server, `sync/${room.sessionId}`, await room.observer.token())
    expect(selectGrid(witness.doc).criteria).toEqual([{ id: 'cost', label: 'Cost' }])
  })

  it('refuses a score that is not a whole number 0 to 10, and anything but scores', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const attempts: Array<(doc: Y.Doc) => void> = [
      (doc) => doc.getMap('scores').set('proposal_1/burden', 11),
      (doc) => doc.getMap('scores').set('proposal_1/burden', 'high'),
      (doc) => doc.getMap('scores').set('proposal_1/burden', 2.5),
      (doc) => {
        const nested = new Y.Map<unknown>()
        doc.getMap('scores').set('proposal_1/burden', nested)
        nested.set('value', 3)
      },
      (doc) => doc.getMap('scores').set('not-a-cell', 3),
      (doc) => doc.getText('elsewhere').insert(0, 'hello'),
    ]
    for (const attempt of attempts) {
      const peer = await join(
        server,
        `sync/${room.sessionId}/scores`,
        await scoresToken(room.partnerA, room.sessionId),
      )
      peer.write(attempt)
      await expectRefused(peer, 'invalid_score')
    }
    const honest = await join(
      server,
      `sync/${room.sessionId}/scores`,
      await scoresToken(room.partnerA, room.sessionId),
    )
    expect(honest.doc.getMap('scores').size).toBe(0)
    honest.write((doc) => setScore(doc, 'proposal_1', 'burden', 10))
    const reader = await join(
      server,
      `sync/${room.sessionId}/scores`,
      await scoresToken(room.partnerA, room.sessionId),
    )
    await waitForDoc(reader.doc, () => selectScores(reader.doc).proposal_1?.burden === 10, 'the honest score')
    expect(selectScores(reader.doc)).toEqual({ proposal_1: { burden: 10 } })
  })
})
