import type { FieldSpec } from '@session-board/board'
import { BOARD_RECORDS, addGoal, removeGoal, selectBoard } from '@session-board/board'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { RunningServer } from '../../src/server.ts'
import type { ServerOptions } from '../../src/config.ts'
import {
  auditOf,
  boardState,
  changeStoredBoard,
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

/** A value of the wrong kind for a field, and one just too big of the right kind (null if none). */
function wrongKind(spec: FieldSpec): unknown {
  return spec.kind === 'text' || spec.kind === 'oneOf' ? 42 : 'not the right kind'
}
function oversize(spec: FieldSpec): unknown {
  return spec.kind === 'text' ? 'x'.repeat(spec.max + 1) : null
}

describe('hostile values, over the raw protocol', () => {
  let server: RunningServer
  let dataDir: string
  let room: Room
  let witness: RawPeer
  let goalId: string

  const storedUpdates = () => storedUpdateCount(server, room.sessionId)

  async function start(options: Partial<ServerOptions> = {}) {
    dataDir = await makeTempDir(cleanup)
    server = await startSecureServer(cleanup, { dataDir, ...options })
    room = await openRoom(server)
    const therapist = await RawPeer.join(cleanup, server.url, room.sessionId, await room.therapist.token())
    therapist.write((doc) => {
      goalId = addGoal(doc, { title: 'Walk together after dinner' })
    })
    witness = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerB.token())
    await waitForDoc(witness.doc, () => witness.doc.getMap('goals').has(goalId), 'the goal at the witness')
  }

  /**
   * The attempt is refused with its rule, a 4403 and the refusal message; the witness, a fresh peer
   * and the stored log do not change (a marker written after it arrives alone); the audit trail holds
   * the refusal.
   */
  async function expectRefused(attempt: (doc: Y.Doc) => void, rule: string, detail: RegExp) {
    const attacker = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
    const before = boardState(witness.doc)
    const storedBefore = await storedUpdates()
    const auditBefore = (await refusals()).length
    attacker.write(attempt)
    const closed = await withTimeout(attacker.closed, 5_000, 'the attacker to be closed')
    expect(closed.code).toBe(4403)
    expect(attacker.refusals.map((refusal) => refusal.code)).toEqual([rule])
    const therapist = await RawPeer.join(cleanup, server.url, room.sessionId, await room.therapist.token())
    expect(boardState(therapist.doc)).toEqual(before)
    const markerId = `marker${storedBefore}`
    therapist.write((doc) => doc.getMap('cards').set(markerId, new Y.Map()))
    const marker = () => witness.doc.getMap('cards').get(markerId) as Y.Map<unknown> | undefined
    await waitForDoc(witness.doc, () => marker()?.get('createdBy') !== undefined, 'the marker')
    const after = boardState(witness.doc)
    delete (after.cards as Record<string, unknown>)[markerId]
    expect(after).toEqual(before)
    expect(await storedUpdates()).toBe(storedBefore + 1) // the marker with its stamp in one row, nothing else
    const added = (await refusals()).slice(auditBefore)
    expect(added).toHaveLength(1)
    expect(added[0]).toMatchObject({ actorId: room.partnerA.personId, detail: expect.stringMatching(detail) })
  }

  const refusals = async () =>
    (await auditOf(server).forSession(room.sessionId)).filter((entry) => entry.action === 'update_refused')

  describe('on a board with one goal', () => {
    beforeEach(() => start())

    it('refuses a plain value where a goal, card, step or plan should be a map', async () => {
      for (const root of ['goals', 'cards', 'steps', 'plans']) {
        await expectRefused(
          (doc) => doc.getMap(root).set('record_1', 'just a string'),
          'invalid_value',
          new RegExp(`^invalid_value:${root}:not_a_record$`),
        )
      }
      // The board still reads, for everyone.
      expect(selectBoard(witness.doc).goals.map((goal) => goal.id)).toEqual([goalId])
    })

    it('refuses every field of every record written with the wrong kind of value, or too long', async () => {
      const collections = BOARD_RECORDS.filter(
        (record) => record.shape === 'collection' && record.writer === 'shared' && record.root !== 'canvas',
      )
      let attempts = 0
      for (const record of collections) {
        for (const rule of record.fields) {
          if (typeof rule.key !== 'string' || rule.writer !== 'shared') continue
          const key = rule.key
          for (const value of [wrongKind(rule.value), oversize(rule.value)]) {
            if (value === null) continue
            attempts++
            await expectRefused(
              (doc) => doc.getMap(record.root).set('record_1', new Y.Map([[key, value]])),
              'invalid_value',
              new RegExp(`^invalid_value:${record.root}:`),
            )
          }
        }
      }
      expect(attempts).toBeGreaterThan(40)
    })

    it('refuses a 900 kB goal title and a nested map inside a goal field', async () => {
      await expectRefused(
        (doc) => (doc.getMap('goals').get(goalId) as Y.Map<unknown>).set('title', 'x'.repeat(900_000)),
        'invalid_value',
        /^invalid_value:goals:too_long$/,
      )
      await expectRefused(
        (doc) => (doc.getMap('goals').get(goalId) as Y.Map<unknown>).set('specific', new Y.Map()),
        'invalid_value',
        /^invalid_value:goals:nested_type$/,
      )
    })
  })

  describe('a board past its quota', () => {
    beforeEach(() => start({ access: { documentQuotaBytes: 64 * 1024 } }))

    it('refuses the write that would pass it, with a clear sentence, and still takes removals', async () => {
      const writer = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
      // Goals of 1.9 kB each: twenty-five of them fit in the 64 KiB quota, and each is accepted.
      const added: string[] = []
      for (let i = 0; i < 25; i++) {
        writer.write((doc) => added.push(addGoal(doc, { title: `Goal ${i}`, specific: 's'.repeat(1_900) })))
      }
      // Stamped too, so the server has nothing left to store for them.
      const stamped = () =>
        [...witness.doc.getMap('goals').values()].every((goal) => (goal as Y.Map<unknown>).has('createdBy'))
      await waitForDoc(witness.doc, () => witness.doc.getMap('goals').size === 26 && stamped(), 'the goals')

      const before = boardState(witness.doc)
      const storedBefore = await storedUpdates()
      const attacker = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
      attacker.write((doc) => {
        for (let i = 0; i < 8; i++) addGoal(doc, { title: 'One too many', specific: 's'.repeat(1_900) })
      })
      const closed = await withTimeout(attacker.closed, 5_000, 'the refusal')
      expect(closed.code).toBe(4403)
      expect(attacker.refusals).toEqual([
        {
          code: 'board_full',
          message:
            'This board holds as much as a board may, so that change was refused. Removing something makes room.',
        },
      ])
      expect((await refusals()).at(-1)).toMatchObject({
        actorId: room.partnerA.personId,
        detail: 'board_full:board:quota',
      })
      expect(await storedUpdates()).toBe(storedBefore)

      // Removing goals is always taken: it is how a full board gets room again; then a new goal fits.
      const cleaner = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerB.token())
      cleaner.write((doc) => added.slice(0, 5).forEach((id) => removeGoal(doc, id)))
      await waitForDoc(witness.doc, () => witness.doc.getMap('goals').size === 21, 'the removals')
      expect(boardState(witness.doc).goals).not.toEqual(before.goals)
      const fresh = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
      let fits = ''
      fresh.write((doc) => (fits = addGoal(doc, { title: 'Fits again', specific: 's'.repeat(1_900) })))
      await waitForDoc(witness.doc, () => witness.doc.getMap('goals').has(fits), 'the goal that fits')
    })
  })
})

describe('a bad record stored before the server checked shapes', () => {
  it('is skipped and reported, and the board and its summary still work', async () => {
    const dataDir = await makeTempDir(cleanup)
    const server = await startSecureServer(cleanup, { dataDir })
    const room = await openRoom(server)
    const therapist = await RawPeer.join(cleanup, server.url, room.sessionId, await room.therapist.token())
    let goalId = ''
    therapist.write((doc) => {
      goalId = addGoal(doc, { title: 'Walk together after dinner' })
    })
    await waitForDoc(therapist.doc, () => therapist.doc.getMap('goals').has(goalId), 'the goal')
    therapist.ws.close()
    // As an old server would have stored it: a goal that is a plain string.
    await changeStoredBoard(server, room.sessionId, (doc) => {
      doc.getMap('goals').set('goal_broken', 'a plain value')
    })
    const reader = await RawPeer.join(cleanup, server.url, room.sessionId, await room.therapist.token())
    const snapshot = selectBoard(reader.doc)
    expect(snapshot.goals.map((goal) => goal.id)).toEqual([goalId])
    expect(snapshot.skipped).toEqual([{ root: 'goals', id: 'goal_broken' }])
    const summary = await room.therapist.browser.request('GET', `/api/sessions/${room.sessionId}/summary.md`)
    expect(summary.status).toBe(200)
    expect(await summary.text()).toContain('Walk together after dinner')
  })
})
