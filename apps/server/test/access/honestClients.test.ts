import { addGoal, updateGoal } from '@session-board/board'
import { afterEach, describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import type { Client } from '../helpers.ts'
import { connectClient, createCleanup, makeTempDir, nextSync, waitForDoc, waitSynced } from '../helpers.ts'
import {
  FOREIGN_CLIENT,
  expectRefusal,
  forge,
  forgetOwners,
  refusalsIn,
  sendRaw,
  storeRaw,
  storedRows,
  watchRefusals,
} from './forger.ts'
import { openRoom, startSecureServer } from './people.ts'
import { RawPeer } from './rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const goal = (doc: Y.Doc, id: string) => doc.getMap('goals').get(id) as Y.Map<unknown> | undefined
const seen = (client: Client, id: string, field: string, value: string) =>
  waitForDoc(client.doc, () => goal(client.doc, id)?.get(field) === value, `${field} to read “${value}”`)

/** Resolves when the client has synced again (after a drop or a restart). */
const resynced = (client: Client) => nextSync(client, 15_000, 'the client to sync again')

/** The therapist and partner B on the unmodified y-websocket client; the therapist adds a goal. */
async function scene() {
  const dataDir = await makeTempDir(cleanup)
  const server = await startSecureServer(cleanup, { dataDir })
  const room = await openRoom(server)
  const connect = async (who: 'therapist' | 'partnerB') =>
    connectClient(cleanup, server.url, room.sessionId, { params: { token: await room[who].token() } })
  const therapist = await connect('therapist')
  const partnerB = await connect('partnerB')
  await Promise.all([waitSynced(therapist), waitSynced(partnerB)])
  const goalId = addGoal(therapist.doc, { title: 'Walk after dinner' })
  await seen(partnerB, goalId, 'title', 'Walk after dinner')
  return { dataDir, server, room, therapist, partnerB, goalId, refused: watchRefusals([therapist, partnerB]) }
}

describe('honest clients are never refused for their client ids', () => {
  it('a client whose connection drops comes back with its document and keeps writing', async () => {
    const { server, room, therapist, partnerB, goalId, refused } = await scene()
    const back = resynced(therapist)
    updateGoal(therapist.doc, goalId, { measurable: 'Three evenings a week' })
    // Cut at once: the edit may or may not have left; either way it arrives, once.
    ;(therapist.provider.ws as unknown as WebSocket | null)?.terminate()
    await back
    await seen(partnerB, goalId, 'measurable', 'Three evenings a week')
    updateGoal(therapist.doc, goalId, { achievable: 'After the kids sleep' })
    await seen(partnerB, goalId, 'achievable', 'After the kids sleep')
    expect(refused).toEqual([])
    expect(await refusalsIn(server, room.sessionId)).toEqual([])
  })

  it('a client that edits while disconnected sends its edits when it comes back', async () => {
    const { server, room, therapist, partnerB, goalId, refused } = await scene()
    therapist.provider.disconnect()
    updateGoal(therapist.doc, goalId, { measurable: 'Written offline' })
    updateGoal(therapist.doc, goalId, { relevant: 'Also offline' })
    updateGoal(partnerB.doc, goalId, { achievable: 'Written meanwhile' })
    therapist.provider.connect()
    await seen(partnerB, goalId, 'measurable', 'Written offline')
    await seen(partnerB, goalId, 'relevant', 'Also offline')
    await seen(therapist, goalId, 'achievable', 'Written meanwhile')
    expect(refused).toEqual([])
    expect(await refusalsIn(server, room.sessionId)).toEqual([])
  })

  it('both come back after a server restart with what they wrote while it was down', async () => {
    const { dataDir, server, room, therapist, partnerB, goalId, refused } = await scene()
    await server.close()
    updateGoal(therapist.doc, goalId, { measurable: 'While the server was down' })
    updateGoal(partnerB.doc, goalId, { achievable: 'Also while it was down' })
    const restarted = await startSecureServer(cleanup, { dataDir, port: server.port })
    await seen(partnerB, goalId, 'measurable', 'While the server was down')
    await seen(therapist, goalId, 'achievable', 'Also while it was down')
    updateGoal(therapist.doc, goalId, { relevant: 'After the restart' })
    await seen(partnerB, goalId, 'relevant', 'After the restart')
    expect(refused).toEqual([])
    expect(await refusalsIn(restarted, room.sessionId)).toEqual([])
  })

  it('a document stored before owners were kept: its writers carry on, and claim their client ids', async () => {
    const { dataDir, server, room, therapist, partnerB, goalId, refused } = await scene()
    await server.close()
    forgetOwners(dataDir, room.sessionId)
    updateGoal(therapist.doc, goalId, { measurable: 'Kept through the upgrade' })
    const restarted = await startSecureServer(cleanup, { dataDir, port: server.port })
    await seen(partnerB, goalId, 'measurable', 'Kept through the upgrade')
    expect(refused).toEqual([])
    expect(await refusalsIn(restarted, room.sessionId)).toEqual([])
    expect(storedRows(dataDir, room.sessionId).owners).toContainEqual({
      clientId: therapist.doc.clientID,
      owner: room.therapist.personId,
    })

    const partnerA = await RawPeer.join(cleanup, restarted.url, room.sessionId, await room.partnerA.token())
    sendRaw(
      partnerA,
      forge(partnerA.doc, therapist.doc.clientID, (doc) => goal(doc, goalId)?.set('title', 'Forged')),
    )
    await expectRefusal(partnerA, 'foreign_client', FOREIGN_CLIENT)
  })

  it('a board stored with structs behind a gap (before gaps were refused) loads without them', async () => {
    const { dataDir, server, room, therapist, partnerB, goalId, refused } = await scene()
    await server.close()
    // Two clocks past anything client 424242 ever wrote: Yjs can never place it.
    const damage = forge(therapist.doc, 424_242, (doc) => doc.getMap('cards').set('stuck', new Y.Map()), 2)
    await storeRaw(dataDir, room.sessionId, damage)
    const restarted = await startSecureServer(cleanup, { dataDir, port: server.port })
    updateGoal(therapist.doc, goalId, { measurable: 'After the repair' })
    await seen(partnerB, goalId, 'measurable', 'After the repair')
    // Both reconnect once more: nothing the server handed them comes back as a gap.
    for (const client of [therapist, partnerB]) client.provider.disconnect()
    for (const client of [therapist, partnerB]) client.provider.connect()
    await Promise.all([waitSynced(therapist), waitSynced(partnerB)])
    updateGoal(partnerB.doc, goalId, { achievable: 'Still syncing' })
    await seen(therapist, goalId, 'achievable', 'Still syncing')
    const newcomer = await RawPeer.join(cleanup, restarted.url, room.sessionId, await room.observer.token())
    expect(newcomer.doc.store.pendingStructs).toBeNull()
    expect(goal(newcomer.doc, goalId)?.get('title')).toBe('Walk after dinner')
    expect(newcomer.doc.getMap('cards').has('stuck')).toBe(false)
    expect(refused).toEqual([])
    expect(await refusalsIn(restarted, room.sessionId)).toEqual([])
  })
})
