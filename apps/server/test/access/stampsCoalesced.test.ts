import { addGoal, readAuthor, updateGoal } from '@session-board/board'
import { afterEach, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import type { RunningServer } from '../../src/server.ts'
import { createCleanup, makeTempDir, storedUpdateCount, waitForDoc } from '../helpers.ts'
import type { Room } from './people.ts'
import { openRoom, startSecureServer } from './people.ts'
import { RawPeer } from './rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const goalOf = (doc: Y.Doc, goalId: string) => doc.getMap('goals').get(goalId) as Y.Map<unknown> | undefined
const authorOf = (doc: Y.Doc, goalId: string, stamp: 'createdBy' | 'updatedBy') =>
  readAuthor(goalOf(doc, goalId)?.get(stamp))

const join = async (server: RunningServer, room: Room, who: 'partnerA' | 'partnerB' | 'observer') =>
  RawPeer.join(cleanup, server.url, room.sessionId, await room[who].token())

/** Partner A's new goal, seen with its creation stamps by the observer. */
async function goalScene(dataDir?: string) {
  const server = await startSecureServer(cleanup, dataDir ? { dataDir } : {})
  const room = await openRoom(server)
  const partnerA = await join(server, room, 'partnerA')
  const partnerB = await join(server, room, 'partnerB')
  const observer = await join(server, room, 'observer')
  let goalId = ''
  partnerA.write((doc) => {
    goalId = addGoal(doc, { title: 'Cook together on Sundays' })
  })
  // The creation stamps travel in the row that created the goal: its author shows with it.
  await waitForDoc(observer.doc, () => goalOf(observer.doc, goalId) !== undefined, 'the goal')
  expect(authorOf(observer.doc, goalId, 'createdBy')).toEqual({
    id: room.partnerA.personId,
    role: 'partnerA',
  })
  await waitForDoc(partnerB.doc, () => goalOf(partnerB.doc, goalId) !== undefined, 'the goal at B')
  return { server, room, partnerA, partnerB, observer, goalId }
}

describe('the server’s stamps, coalesced', () => {
  it('stamps a run of edits by both partners in one row, naming whoever changed the goal last', async () => {
    const { server, room, partnerA, partnerB, observer, goalId } = await goalScene()
    const rowsBefore = await storedUpdateCount(server, room.sessionId)

    // Ten keystrokes by A, then one by B: eleven rows of edits and a single stamp row for all of them.
    for (let length = 1; length <= 10; length += 1) {
      partnerA.write((doc) => updateGoal(doc, goalId, { specific: 'Sunday 6pm'.slice(0, length) }))
    }
    partnerB.write((doc) => updateGoal(doc, goalId, { measurable: 'Every Sunday for a month' }))
    const partnerBStamp = { id: room.partnerB.personId, role: 'partnerB' }
    await waitForDoc(
      observer.doc,
      () => readAuthor(goalOf(observer.doc, goalId)?.get('updatedBy'))?.role === 'partnerB',
      'B’s stamp',
    )
    expect(goalOf(observer.doc, goalId)?.get('specific')).toBe('Sunday 6pm')
    expect(goalOf(observer.doc, goalId)?.get('measurable')).toBe('Every Sunday for a month')
    expect(authorOf(observer.doc, goalId, 'updatedBy')).toEqual(partnerBStamp)
    expect(authorOf(observer.doc, goalId, 'createdBy')).toEqual({
      id: room.partnerA.personId,
      role: 'partnerA',
    })
    expect(await storedUpdateCount(server, room.sessionId)).toBe(rowsBefore + 11 + 1)
    await waitForDoc(
      partnerA.doc,
      () => authorOf(partnerA.doc, goalId, 'updatedBy')?.role === 'partnerB',
      'B’s stamp at A',
    )
  })

  it('names the last of edits that alternate between the partners within the second', async () => {
    const { room, partnerA, partnerB, observer, goalId } = await goalScene()

    // A (who created the goal) first and B last, each seeing the edit before: the stamp names B, who
    // changed the goal last, and A still as its creator.
    const turns = [partnerA, partnerB, partnerA, partnerB]
    for (const [turn, peer] of turns.entries()) {
      const wording = `Week ${turn + 1}`
      peer.write((doc) => updateGoal(doc, goalId, { relevant: wording }))
      const next = turns[turn + 1] ?? observer
      await waitForDoc(next.doc, () => goalOf(next.doc, goalId)?.get('relevant') === wording, wording)
    }
    await waitForDoc(
      observer.doc,
      () => authorOf(observer.doc, goalId, 'updatedBy')?.role === 'partnerB',
      'B’s stamp',
    )
    expect(authorOf(observer.doc, goalId, 'updatedBy')).toEqual({
      id: room.partnerB.personId,
      role: 'partnerB',
    })
    expect(authorOf(observer.doc, goalId, 'createdBy')?.role).toBe('partnerA')
  })

  it('writes the stamps still owed when the server stops, so a restart still names the last author', async () => {
    const dataDir = await makeTempDir(cleanup)
    const { server, room, partnerB, observer, goalId } = await goalScene(dataDir)
    partnerB.write((doc) => updateGoal(doc, goalId, { achievable: 'We both finish work by 5pm' }))
    // Stored and relayed at once; its stamp is still owed (within its second) when the server stops.
    await waitForDoc(observer.doc, () => goalOf(observer.doc, goalId)?.get('achievable') !== '', 'B’s edit')
    expect(authorOf(observer.doc, goalId, 'updatedBy')?.role).toBe('partnerA')
    await server.close()

    const restarted = await startSecureServer(cleanup, { dataDir, port: server.port })
    const newcomer = await join(restarted, room, 'observer')
    expect(goalOf(newcomer.doc, goalId)?.get('achievable')).toBe('We both finish work by 5pm')
    expect(authorOf(newcomer.doc, goalId, 'updatedBy')).toEqual({
      id: room.partnerB.personId,
      role: 'partnerB',
    })
  })
})
