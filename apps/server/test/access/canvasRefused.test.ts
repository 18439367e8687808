import { addGoal, addStep, selectSteps } from '@session-board/board'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { RunningServer } from '../../src/server.ts'
import type { Client } from '../helpers.ts'
import {
  auditOf,
  boardState,
  connectClient,
  createCleanup,
  makeTempDir,
  storedUpdateCount,
  waitForDoc,
  waitSynced,
  withTimeout,
} from '../helpers.ts'
import type { Room } from './people.ts'
import { openRoom, startSecureServer } from './people.ts'
import { RawPeer } from './rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const INVALID_CANVAS =
  'That change does not fit the board (a wrong kind of value, or too long), so it was refused.'

/** A goal card partner A drew before any attack, in the canvas map's encoding. */
const goalCard = (goalId: string) => ({
  id: 'shape:goalCard1',
  typeName: 'shape',
  type: 'goal-card',
  x: 80,
  y: 120,
  rotation: 0,
  index: 'a1',
  parentId: 'page:page',
  isLocked: false,
  opacity: 1,
  'props.w': 300,
  'props.h': 380,
  'props.goalId': goalId,
})

const putRecord = (doc: Y.Doc, record: Record<string, unknown> & { id: string }) =>
  doc.getMap('canvas').set(record.id, new Y.Map(Object.entries(record)))

const cardOf = (doc: Y.Doc) => doc.getMap('canvas').get('shape:goalCard1') as Y.Map<unknown>

describe('canvas writes that are malformed, or not the writer’s to make', () => {
  let server: RunningServer
  let dataDir: string
  let room: Room
  let witness: RawPeer
  let card: ReturnType<typeof goalCard>
  /** Two people in another session, on the unmodified client: they must not notice any of this. */
  let elsewhere: { room: Room; a: Client; b: Client; goalId: string }

  const storedUpdates = () => storedUpdateCount(server, room.sessionId)

  beforeEach(async () => {
    dataDir = await makeTempDir(cleanup)
    server = await startSecureServer(cleanup, { dataDir })
    room = await openRoom(server)
    const partnerA = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
    partnerA.write((doc) => {
      card = goalCard(addGoal(doc, { title: 'Walk after dinner' }))
      putRecord(doc, card)
    })
    witness = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerB.token())
    await waitForDoc(witness.doc, () => cardOf(witness.doc)?.get('props.goalId') !== undefined, 'the card')

    const other = await openRoom(server)
    const connect = async (who: 'partnerA' | 'partnerB') => {
      const client = connectClient(cleanup, server.url, other.sessionId, {
        params: { token: await other[who].token() },
      })
      await waitSynced(client)
      return client
    }
    elsewhere = { room: other, a: await connect('partnerA'), b: await connect('partnerB'), goalId: '' }
    elsewhere.goalId = addGoal(elsewhere.a.doc, { title: 'Cook on Sundays' })
  })

  /**
   * The attempt must be refused with the rule's code and sentence and 4403, seen by nobody, stored
   * nowhere, audited once without content; the card drawn before stays as it was, and the other
   * session keeps syncing.
   */
  async function expectRefused(
    attacker: RawPeer,
    attempt: (doc: Y.Doc) => void,
    expected: { rule: string; detail: string; actorId: string; message?: string },
  ) {
    const before = boardState(witness.doc)
    const storedBefore = await storedUpdates()
    attacker.write(attempt)
    const closed = await withTimeout(attacker.closed, 5_000, 'the attacker to be closed')
    expect(closed.code).toBe(4403)
    expect(attacker.refusals).toEqual([{ code: expected.rule, message: expected.message ?? INVALID_CANVAS }])

    // A marker write by the therapist after the attempt: once the witness has it, it would have the attempt too.
    const therapist = await RawPeer.join(cleanup, server.url, room.sessionId, await room.therapist.token())
    expect(boardState(therapist.doc)).toEqual(before)
    therapist.write((doc) => doc.getMap('cards').set('marker', new Y.Map()))
    const marker = () => witness.doc.getMap('cards').get('marker') as Y.Map<unknown> | undefined
    await waitForDoc(witness.doc, () => marker()?.get('createdBy') !== undefined, 'the marker at the witness')
    const after = boardState(witness.doc)
    delete (after.cards as Record<string, unknown>).marker
    expect(after).toEqual(before)
    expect(cardOf(witness.doc).toJSON()).toEqual(card)
    expect(await storedUpdates()).toBe(storedBefore + 1) // the marker with its server stamp in one row, nothing else

    const refused = (await auditOf(server).forSession(room.sessionId)).filter(
      (entry) => entry.action === 'update_refused',
    )
    expect(refused).toHaveLength(1)
    expect(refused[0]).toMatchObject({ actorId: expected.actorId, detail: expected.detail })

    const stepId = addStep(elsewhere.b.doc, elsewhere.goalId, 'Buy groceries together')
    await waitForDoc(
      elsewhere.a.doc,
      () => selectSteps(elsewhere.a.doc, elsewhere.goalId).some((step) => step.id === stepId),
      'the step in the other session',
    )
  }

  const attackerFor = async (who: 'partnerA' | 'partnerB' | 'observer') =>
    RawPeer.join(cleanup, server.url, room.sessionId, await room[who].token())

  it('refuses a position that is not a number', async () => {
    await expectRefused(await attackerFor('partnerA'), (doc) => cardOf(doc).set('x', 'left'), {
      rule: 'invalid_value',
      detail: 'invalid_value:canvas:not_a_number',
      actorId: room.partnerA.personId,
    })
  })

  it('refuses a field outside the tldraw encoding', async () => {
    await expectRefused(await attackerFor('partnerB'), (doc) => cardOf(doc).set('style', 'red'), {
      rule: 'invalid_value',
      detail: 'invalid_value:canvas:unknown_field',
      actorId: room.partnerB.personId,
    })
  })

  it('refuses a nested Y.Map as a field', async () => {
    await expectRefused(
      await attackerFor('partnerA'),
      (doc) => cardOf(doc).set('props.goalId', new Y.Map<unknown>([['hidden', 'x']])),
      {
        rule: 'invalid_value',
        detail: 'invalid_value:canvas:nested_type',
        actorId: room.partnerA.personId,
      },
    )
  })

  it('refuses a record whose id is not a shape or binding id', async () => {
    await expectRefused(
      await attackerFor('partnerA'),
      (doc) => putRecord(doc, { ...card, id: 'page:../../etc' }),
      {
        rule: 'invalid_value',
        detail: 'invalid_value:canvas:bad_record_id',
        actorId: room.partnerA.personId,
      },
    )
  })

  it('refuses a shape that calls itself a binding', async () => {
    await expectRefused(
      await attackerFor('partnerB'),
      (doc) => putRecord(doc, { ...card, id: 'shape:second', typeName: 'binding' }),
      {
        rule: 'invalid_value',
        detail: 'invalid_value:canvas:id_mismatch',
        actorId: room.partnerB.personId,
      },
    )
  })

  it('refuses a record that is a plain value instead of a map of fields', async () => {
    await expectRefused(await attackerFor('partnerA'), (doc) => doc.getMap('canvas').set('shape:flat', 42), {
      rule: 'invalid_value',
      detail: 'invalid_value:canvas:not_a_record',
      actorId: room.partnerA.personId,
    })
  })

  it('an observer cannot draw on the canvas, even a valid shape', async () => {
    await expectRefused(
      await attackerFor('observer'),
      (doc) => putRecord(doc, { ...card, id: 'shape:observed' }),
      {
        rule: 'read_only',
        detail: 'read_only:canvas:shared',
        actorId: room.observer.personId,
        message: 'Observers can follow the board but not change it.',
      },
    )
  })

  it('a partner cannot move a shape once the session ended; the therapist still can', async () => {
    const partner = await attackerFor('partnerA')
    await room.therapist.browser.json('POST', `/api/sessions/${room.sessionId}/end`)
    await waitForDoc(
      partner.doc,
      () => partner.doc.getMap('session').get('status') === 'ended',
      'the ended status',
    )
    await waitForDoc(witness.doc, () => witness.doc.getMap('session').get('status') === 'ended', 'the end')
    await expectRefused(partner, (doc) => cardOf(doc).set('x', 500), {
      rule: 'session_ended',
      detail: 'session_ended:canvas:shared',
      actorId: room.partnerA.personId,
      message:
        'Between sessions you can give your consent and update your stepping stones; the rest waits for a live session.',
    })

    const therapist = await RawPeer.join(cleanup, server.url, room.sessionId, await room.therapist.token())
    therapist.write((doc) => cardOf(doc).set('x', 500))
    await waitForDoc(witness.doc, () => cardOf(witness.doc).get('x') === 500, 'the therapist’s move')
    expect(therapist.refusals).toEqual([])
  })
})
