import {
  addGoal,
  giveFloor,
  pauseHuddle,
  raiseHand,
  revealScores,
  setCheckIn,
  setConsent,
  skipToPhase,
  startHuddle,
  updateGoal,
} from '@session-board/board'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { RunningServer } from '../../src/server.ts'
import {
  auditOf,
  boardState,
  createCleanup,
  makeTempDir,
  storedUpdateCount,
  waitForDoc,
  withTimeout,
} from '../helpers.ts'
import type { Room } from './people.ts'
import { openRoom, startSecureServer } from './people.ts'
import { RawPeer } from './rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

describe('write rules, attempted over the raw protocol by the wrong role', () => {
  let server: RunningServer
  let dataDir: string
  let room: Room
  let witness: RawPeer
  let goalId: string

  const storedUpdates = () => storedUpdateCount(server, room.sessionId)

  beforeEach(async () => {
    dataDir = await makeTempDir(cleanup)
    server = await startSecureServer(cleanup, { dataDir })
    room = await openRoom(server)
    // The therapist sets the scene: one goal, a running huddle, so there is therapist-owned state to attack.
    const therapist = await RawPeer.join(cleanup, server.url, room.sessionId, await room.therapist.token())
    therapist.write((doc) => {
      goalId = addGoal(doc, { title: 'Take a 10-minute walk after dinner' })
    })
    therapist.write((doc) => startHuddle(doc))
    witness = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerB.token())
    // The huddle's stamp is coalesced and comes a moment later: the scene is set once it is there.
    await waitForDoc(
      witness.doc,
      () =>
        witness.doc.getMap('huddle').get('status') === 'running' &&
        witness.doc.getMap('huddle').get('updatedBy') !== undefined,
      'the stamped scene at the witness',
    )
  })

  /** The attempt must be refused with the message and 4403, seen by nobody, stored nowhere, audited. */
  async function expectRefused(
    attacker: RawPeer,
    attempt: (doc: Y.Doc) => void,
    rule: string,
    actorId: string,
  ) {
    const before = boardState(witness.doc)
    const storedBefore = await storedUpdates()
    attacker.write(attempt)
    const closed = await withTimeout(attacker.closed, 5_000, 'the attacker to be closed')
    expect(closed.code).toBe(4403)
    expect(attacker.refusals.map((refusal) => refusal.code)).toEqual([rule])
    // A marker write by the therapist after the attempt: once the witness has it, it would have the attempt too.
    const therapist = await RawPeer.join(cleanup, server.url, room.sessionId, await room.therapist.token())
    expect(boardState(therapist.doc)).toEqual(before)
    therapist.write((doc) => doc.getMap('cards').set('marker', new Y.Map()))
    const marker = () => witness.doc.getMap('cards').get('marker') as Y.Map<unknown> | undefined
    await waitForDoc(
      witness.doc,
      () => marker()?.get('createdBy') !== undefined,
      'the stamped marker at the witness',
    )
    const after = boardState(witness.doc)
    delete (after.cards as Record<string, unknown>).marker
    expect(after).toEqual(before)
    expect(await storedUpdates()).toBe(storedBefore + 1) // the marker with its server stamp in one row, nothing else
    const refused = (await auditOf(server).forSession(room.sessionId)).filter(
      (entry) => entry.action === 'update_refused',
    )
    expect(refused).toHaveLength(1)
    expect(refused[0]).toMatchObject({ actorId, detail: expect.stringMatching(new RegExp(`^${rule}:`)) })
  }

  const attackerFor = async (who: 'partnerA' | 'partnerB' | 'observer') =>
    RawPeer.join(cleanup, server.url, room.sessionId, await room[who].token())

  it('an observer cannot add a goal', async () => {
    await expectRefused(
      await attackerFor('observer'),
      (doc) => addGoal(doc, { title: 'Observer idea' }),
      'read_only',
      room.observer.personId,
    )
  })

  it('an observer cannot edit an existing goal', async () => {
    await expectRefused(
      await attackerFor('observer'),
      (doc) => updateGoal(doc, goalId, { title: 'Changed' }),
      'read_only',
      room.observer.personId,
    )
  })

  it('a partner cannot change the huddle phase', async () => {
    await expectRefused(
      await attackerFor('partnerA'),
      (doc) => skipToPhase(doc, 2),
      'therapist_only',
      room.partnerA.personId,
    )
  })

  it('a partner cannot move the huddle clock with a raw write of its anchor', async () => {
    await expectRefused(
      await attackerFor('partnerB'),
      (doc) => doc.getMap('huddle').set('anchorStartedAt', 0),
      'therapist_only',
      room.partnerB.personId,
    )
  })

  it('a partner cannot choose the part of the board everyone who follows the therapist sees', async () => {
    await expectRefused(
      await attackerFor('partnerA'),
      (doc) => doc.getMap('huddle').set('shownPart', { part: 'grid', step: '' }),
      'therapist_only',
      room.partnerA.personId,
    )
  })

  it('partner A cannot raise partner B’s hand', async () => {
    await expectRefused(
      await attackerFor('partnerA'),
      (doc) => raiseHand(doc, 'partnerB'),
      'not_yours',
      room.partnerA.personId,
    )
  })

  it('partner B cannot write partner A’s check-in', async () => {
    await expectRefused(
      await attackerFor('partnerB'),
      (doc) => setCheckIn(doc, 'partnerA', 'feelings', 'Words put in A’s mouth'),
      'not_yours',
      room.partnerB.personId,
    )
  })

  it('a partner cannot write a huddle record', async () => {
    await expectRefused(
      await attackerFor('partnerA'),
      (doc) => doc.getMap('huddles').set('huddle_forged', new Y.Map([['endedAt', 1]])),
      'therapist_only',
      room.partnerA.personId,
    )
  })

  it('a partner cannot stop the huddle clock', async () => {
    await expectRefused(
      await attackerFor('partnerB'),
      (doc) => pauseHuddle(doc),
      'therapist_only',
      room.partnerB.personId,
    )
  })

  it('a partner cannot take the floor', async () => {
    await expectRefused(
      await attackerFor('partnerA'),
      (doc) => giveFloor(doc, 'partnerA'),
      'therapist_only',
      room.partnerA.personId,
    )
  })

  it('a partner cannot reveal private scores', async () => {
    await expectRefused(
      await attackerFor('partnerB'),
      (doc) => revealScores(doc, 'week-1'),
      'therapist_only',
      room.partnerB.personId,
    )
  })

  it('partner A cannot consent for partner B', async () => {
    await expectRefused(
      await attackerFor('partnerA'),
      (doc) => setConsent(doc, goalId, 'partnerB', true),
      'not_yours',
      room.partnerA.personId,
    )
  })

  it('partner B cannot consent for partner A', async () => {
    await expectRefused(
      await attackerFor('partnerB'),
      (doc) => setConsent(doc, goalId, 'partnerA', true),
      'not_yours',
      room.partnerB.personId,
    )
  })

  it('partner A cannot slip partner B’s consent into a new goal', async () => {
    await expectRefused(
      await attackerFor('partnerA'),
      (doc) => {
        const id = addGoal(doc, { title: 'Sneaky' })
        setConsent(doc, id, 'partnerB', true)
      },
      'not_yours',
      room.partnerA.personId,
    )
  })

  it('nobody can write createdBy', async () => {
    await expectRefused(
      await attackerFor('partnerA'),
      (doc) =>
        (doc.getMap('goals').get(goalId) as Y.Map<unknown>).set('createdBy', {
          id: 'someone',
          role: 'partnerB',
        }),
      'server_only',
      room.partnerA.personId,
    )
  })

  it('nobody can write updatedBy, not even the therapist', async () => {
    const therapist = await RawPeer.join(cleanup, server.url, room.sessionId, await room.therapist.token())
    await expectRefused(
      therapist,
      (doc) =>
        (doc.getMap('goals').get(goalId) as Y.Map<unknown>).set('updatedBy', { id: 'x', role: 'partnerA' }),
      'server_only',
      room.therapist.personId,
    )
  })

  it('nobody can write the session status', async () => {
    await expectRefused(
      await attackerFor('partnerB'),
      (doc) => doc.getMap('session').set('status', 'open'),
      'server_only',
      room.partnerB.personId,
    )
  })

  it('an unknown part of the document is refused (fail closed)', async () => {
    await expectRefused(
      await attackerFor('partnerA'),
      (doc) => doc.getText('anything').insert(0, 'x'),
      'unclassified',
      room.partnerA.personId,
    )
  })

  it('a partner cannot write once the session ended, and can again after it is reopened', async () => {
    const partner = await attackerFor('partnerA')
    await room.therapist.browser.json('POST', `/api/sessions/${room.sessionId}/end`)
    for (const peer of [partner, witness])
      await waitForDoc(
        peer.doc,
        () => peer.doc.getMap('session').get('status') === 'ended',
        'the ended status',
      )
    await expectRefused(
      partner,
      (doc) => updateGoal(doc, goalId, { title: 'After the end' }),
      'session_ended',
      room.partnerA.personId,
    )

    await room.therapist.browser.json('POST', `/api/sessions/${room.sessionId}/reopen`)
    const again = await attackerFor('partnerA')
    expect(again.doc.getMap('session').get('status')).toBe('open')
    again.write((doc) => updateGoal(doc, goalId, { title: 'After reopening' }))
    await waitForDoc(
      witness.doc,
      () => (witness.doc.getMap('goals').get(goalId) as Y.Map<unknown>).get('title') === 'After reopening',
      'the edit',
    )
  })
})
