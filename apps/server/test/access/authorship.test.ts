import { addGoal, updateGoal } from '@session-board/board'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { RunningServer } from '../../src/server.ts'
import type { Client } from '../helpers.ts'
import { connectClient, createCleanup, makeTempDir, waitForDoc, waitSynced } from '../helpers.ts'
import {
  CLOCK_GAP,
  FOREIGN_CLIENT,
  expectRefusal,
  forge,
  refusalsIn,
  sendRaw,
  storedRows,
  watchRefusals,
} from './forger.ts'
import type { Room } from './people.ts'
import { openRoom, startSecureServer } from './people.ts'
import { RawPeer } from './rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const goalOf = (doc: Y.Doc, id: string) => doc.getMap('goals').get(id) as Y.Map<unknown> | undefined
const goalField = (doc: Y.Doc, id: string, field: string) => goalOf(doc, id)?.get(field)
/** The client id the server stamped a goal with: its own. */
const serverClientOf = (doc: Y.Doc, id: string) => goalOf(doc, id)?._map.get('createdBy')?.id.client ?? -1

const join = async (server: RunningServer, room: Room, who: keyof Omit<Room, 'sessionId' | 'invitations'>) =>
  RawPeer.join(cleanup, server.url, room.sessionId, await room[who].token())

/** The therapist adds a goal; a witness (partner B) sees it stamped by the server. */
async function scene() {
  const dataDir = await makeTempDir(cleanup)
  const server = await startSecureServer(cleanup, { dataDir })
  const room = await openRoom(server)
  const therapist = await join(server, room, 'therapist')
  let goalId = ''
  therapist.write((doc) => {
    goalId = addGoal(doc, { title: 'Walk after dinner' })
  })
  const witness = await join(server, room, 'partnerB')
  await waitForDoc(witness.doc, () => goalField(witness.doc, goalId, 'createdBy') !== undefined, 'the goal')
  return { dataDir, server, room, therapist, witness, goalId }
}

describe('Yjs client ids are bound to the person who writes under them', () => {
  it('refuses a change under the therapist’s client id, and the therapist’s next edit lands where it was meant', async () => {
    const { dataDir, server, room, therapist, witness, goalId } = await scene()
    const before = { state: Y.encodeStateVector(witness.doc), stored: storedRows(dataDir, room.sessionId) }
    expect(before.stored.owners).toContainEqual({
      clientId: therapist.doc.clientID,
      owner: room.therapist.personId,
    })

    const partnerA = await join(server, room, 'partnerA')
    const forged = forge(
      partnerA.doc,
      therapist.doc.clientID,
      (doc) => goalOf(doc, goalId)?.set('title', 'Forged'),
      3,
    )
    sendRaw(partnerA, forged)
    await expectRefusal(partnerA, 'foreign_client', FOREIGN_CLIENT)

    // What a newcomer gets is the server's document: untouched, and nothing left pending in it.
    const newcomer = await join(server, room, 'observer')
    expect(Y.encodeStateVector(newcomer.doc)).toEqual(before.state)
    expect(Y.encodeStateVector(witness.doc)).toEqual(before.state)
    expect(newcomer.doc.store.pendingStructs).toBeNull()
    expect(storedRows(dataDir, room.sessionId)).toEqual(before.stored)
    expect(await refusalsIn(server, room.sessionId)).toMatchObject([
      { actorId: room.partnerA.personId, detail: 'foreign_client:owned' },
    ])

    therapist.write((doc) => updateGoal(doc, goalId, { measurable: 'Three evenings a week' }))
    for (const peer of [witness, newcomer]) {
      await waitForDoc(peer.doc, () => goalField(peer.doc, goalId, 'measurable') !== '', 'the edit')
      expect(goalField(peer.doc, goalId, 'measurable')).toBe('Three evenings a week')
      expect(goalField(peer.doc, goalId, 'title')).toBe('Walk after dinner')
      expect(JSON.stringify(peer.doc.getMap('goals').toJSON())).not.toContain('Forged')
    }
  })

  it('keeps the server’s own client id for the server', async () => {
    const { dataDir, server, room, witness, goalId } = await scene()
    const serverClient = serverClientOf(witness.doc, goalId)
    expect(storedRows(dataDir, room.sessionId).owners).toContainEqual({
      clientId: serverClient,
      owner: ':server',
    })

    const partnerA = await join(server, room, 'partnerA')
    sendRaw(
      partnerA,
      forge(partnerA.doc, serverClient, (doc) => goalOf(doc, goalId)?.set('title', 'Forged')),
    )
    await expectRefusal(partnerA, 'foreign_client', FOREIGN_CLIENT)
    expect(await refusalsIn(server, room.sessionId)).toMatchObject([{ detail: 'foreign_client:server' }])
  })

  it('refuses a second update that skips clocks of its client; honest clients still reconnect and sync', async () => {
    const { server, room, goalId } = await scene()
    const honest = await Promise.all(
      (['therapist', 'partnerB'] as const).map(async (who) =>
        connectClient(cleanup, server.url, room.sessionId, { params: { token: await room[who].token() } }),
      ),
    )
    await Promise.all(honest.map((client) => waitSynced(client)))
    const refused = watchRefusals(honest)

    const partnerA = await join(server, room, 'partnerA')
    const unused = 123_456_789
    const first = forge(partnerA.doc, unused, (doc) => goalOf(doc, goalId)?.set('specific', 'Time together'))
    const forger = new Y.Doc()
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(partnerA.doc))
    Y.applyUpdate(forger, first)
    const second = forge(forger, unused, (doc) => goalOf(doc, goalId)?.set('specific', 'Skipped ahead'), 2)
    sendRaw(partnerA, first)
    sendRaw(partnerA, second)
    await expectRefusal(partnerA, 'clock_gap', CLOCK_GAP)
    expect(await refusalsIn(server, room.sessionId)).toMatchObject([{ detail: 'clock_gap:gap' }])

    // The first one was fine: it is stored and shown. Then everyone reconnects, edits and syncs.
    for (const client of honest) {
      await waitForDoc(
        client.doc,
        () => goalField(client.doc, goalId, 'specific') === 'Time together',
        'the first update at every honest client',
      )
      client.provider.disconnect()
    }
    for (const client of honest) client.provider.connect()
    await Promise.all(honest.map((client) => waitSynced(client)))
    const [therapist, partnerB] = honest as [Client, Client]
    updateGoal(therapist.doc, goalId, { measurable: 'Twice a week' })
    updateGoal(partnerB.doc, goalId, { achievable: 'After the kids sleep' })
    await waitForDoc(
      partnerB.doc,
      () => goalField(partnerB.doc, goalId, 'measurable') === 'Twice a week',
      'the therapist’s edit at partner B',
    )
    await waitForDoc(
      therapist.doc,
      () => goalField(therapist.doc, goalId, 'achievable') !== '',
      'partner B’s edit',
    )
    const late = await join(server, room, 'observer')
    expect(late.doc.store.pendingStructs).toBeNull()
    expect(goalField(late.doc, goalId, 'specific')).toBe('Time together')
    expect(refused).toEqual([])
  })

  it('refuses an update that stands next to content the server does not have', async () => {
    const { server, room, goalId } = await scene()
    const partnerA = await join(server, room, 'partnerA')
    const local = new Y.Doc()
    Y.applyUpdate(local, Y.encodeStateAsUpdate(partnerA.doc))
    goalOf(local, goalId)?.set('title', 'Never sent')
    sendRaw(
      partnerA,
      forge(local, 987_654_321, (doc) => goalOf(doc, goalId)?.set('title', 'Sent')),
    )
    await expectRefusal(partnerA, 'clock_gap', CLOCK_GAP)
    expect(await refusalsIn(server, room.sessionId)).toMatchObject([
      { detail: 'clock_gap:missing_reference' },
    ])
  })

  it('keeps who owns which client id across a restart', async () => {
    const { dataDir, server, room, therapist, witness, goalId } = await scene()
    const serverClient = serverClientOf(witness.doc, goalId)
    await server.close()
    const restarted = await startSecureServer(cleanup, { dataDir, port: server.port })

    // Right at the end of each client's clocks, so only ownership can refuse them.
    for (const clientId of [therapist.doc.clientID, serverClient]) {
      const partnerA = await join(restarted, room, 'partnerA')
      sendRaw(
        partnerA,
        forge(partnerA.doc, clientId, (doc) => goalOf(doc, goalId)?.set('title', 'Forged')),
      )
      await expectRefusal(partnerA, 'foreign_client', FOREIGN_CLIENT)
    }
    expect(await refusalsIn(restarted, room.sessionId)).toMatchObject([
      { detail: 'foreign_client:owned' },
      { detail: 'foreign_client:server' },
    ])
    const newcomer = await join(restarted, room, 'observer')
    expect(goalField(newcomer.doc, goalId, 'title')).toBe('Walk after dinner')
  })
})
