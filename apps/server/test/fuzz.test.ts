import { createHash } from 'node:crypto'
import { addCard, addGoal, addPlan, addStep, startHuddle } from '@session-board/board'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { attack } from '../../../bench/fuzz/attack.ts'
import type { AttackReport } from '../../../bench/fuzz/attack.ts'
import { hostileFrames } from '../../../bench/fuzz/hostileFrames.ts'
import type { Client } from './helpers.ts'
import {
  connectClient,
  createCleanup,
  getHealth,
  makeTempDir,
  waitFor,
  waitForDoc,
  waitSynced,
} from './helpers.ts'
import { openRoom, startSecureServer } from './access/people.ts'
import type { Room } from './access/people.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

/** The same frames every run (bench/fuzz/hostileFrames.ts): the seed and the attacked board fix them. */
const SEED = 20_250_106
const FRAMES = 3_000
/** Session 2 makes one edit every this many hostile frames, while the attack goes on. */
const EDIT_EVERY = 30

const cardTexts = (doc: Y.Doc): Set<string> =>
  new Set([...doc.getMap<Y.Map<unknown>>('cards').values()].map((card) => String(card.get('text'))))

/** Everything a person could see, for a readable difference when two documents disagree. */
const boardJson = (doc: Y.Doc) =>
  Object.fromEntries(
    ['session', 'goals', 'cards', 'steps', 'plans', 'huddle', 'floor', 'reveal', 'meta'].map((root) => [
      root,
      doc.getMap(root).toJSON(),
    ]),
  )

/** Same items and same deletions: the same document, whoever built it. */
const sameDocument = (a: Y.Doc, b: Y.Doc): boolean => Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b))

async function join(serverUrl: string, room: Room, who: 'therapist' | 'partnerA' | 'partnerB') {
  const client = connectClient(cleanup, serverUrl, room.sessionId, {
    params: { token: await room[who].token() },
  })
  // As the web app does, right away: presence says who this is, so the connection owns its client id.
  client.provider.awareness.setLocalStateField('user', { name: who, role: who, color: '#3366cc' })
  await waitSynced(client)
  return client
}

describe('a partner with a modified client sending thousands of hostile frames', () => {
  it(
    'cannot crash the server, disturb another session or lose an accepted edit',
    { timeout: 120_000 },
    async () => {
      const uncaught: unknown[] = []
      const onUncaught = (error: unknown) => uncaught.push(error)
      process.on('uncaughtException', onUncaught)
      process.on('unhandledRejection', onUncaught)
      cleanup.add(() => {
        process.off('uncaughtException', onUncaught)
        process.off('unhandledRejection', onUncaught)
      })

      const dataDir = await makeTempDir(cleanup)
      const server = await startSecureServer(cleanup, { dataDir })
      const attacked = await openRoom(server)
      const other = await openRoom(server)

      // Session 1: the therapist sets the scene and stays through the attack; the server's stamps on every
      // record say each one is stored.
      const therapist = await join(server.url, attacked, 'therapist')
      const goalId = addGoal(therapist.doc, { title: 'Walk together after dinner' })
      const records: Array<[string, string]> = [
        ['goals', goalId],
        ['cards', addCard(therapist.doc, { text: 'Sunday walks', column: 'keep' })],
        ['steps', addStep(therapist.doc, goalId, 'Walk once this week')],
        ['plans', addPlan(therapist.doc, { condition: 'If it rains', action: 'we walk indoors', goalId })],
      ]
      startHuddle(therapist.doc)
      await waitForDoc(
        therapist.doc,
        () =>
          records.every(([root, id]) => therapist.doc.getMap<Y.Map<unknown>>(root).get(id)?.has('createdBy')),
        'the scene to be stored',
      )

      // Session 2: two partners keep exchanging edits while session 1 is attacked; each edit must arrive.
      const pair = [
        await join(server.url, other, 'partnerA'),
        await join(server.url, other, 'partnerB'),
      ] as const
      const sent: string[] = []
      let arriving: Promise<void> = Promise.resolve()
      const editInSession2 = async (): Promise<void> => {
        await arriving
        const text = `session 2 edit ${sent.length}`
        const [from, to] = sent.length % 2 === 0 ? pair : [pair[1], pair[0]]
        sent.push(text)
        addCard(from.doc, { text, column: 'start' })
        arriving = waitForDoc(to.doc, () => cardTexts(to.doc).has(text), `"${text}" to arrive`)
      }

      const report: AttackReport = await attack({
        wsBase: `${server.url.replace(/^http/, 'ws')}sync`,
        sessionId: attacked.sessionId,
        token: () => attacked.partnerA.token(),
        role: 'partnerA',
        seed: SEED,
        frames: FRAMES,
        beforeFrame: (index) => (index % EDIT_EVERY === 0 ? editInSession2() : undefined),
      })
      await arriving

      // Every frame reached the server, unless it shut the attacker out (which is its right).
      if (report.shutOut === null) expect(report.frames).toBe(FRAMES)
      expect(uncaught).toEqual([])
      expect((await getHealth(server.url)).status).toBe('ok')
      for (const client of pair) expect(sent.filter((text) => !cardTexts(client.doc).has(text))).toEqual([])
      expect(pair.every((client) => client.provider.wsconnected)).toBe(true)

      // Session 1 still works for honest people: the therapist is still connected, their change reaches a
      // newcomer, and the two documents end up the same.
      expect(therapist.provider.wsconnected).toBe(true)
      const after = addGoal(therapist.doc, { title: 'After the attack' })
      const newcomer = await join(server.url, attacked, 'partnerB')
      await waitForDoc(newcomer.doc, () => newcomer.doc.getMap('goals').has(after), 'the newcomer to see it')
      await waitFor(
        () => sameDocument(therapist.doc, newcomer.doc),
        'the therapist and the newcomer to agree',
      )

      // A reload from storage gives what the therapist holds, every accepted marker and every session 2 edit.
      const leaving: Client[] = [therapist, newcomer, ...pair]
      for (const client of leaving) client.provider.destroy()
      await server.close()
      const reloaded = await startSecureServer(cleanup, { dataDir, port: server.port })
      const board1 = await join(reloaded.url, attacked, 'therapist')
      const board2 = await join(reloaded.url, other, 'partnerA')
      expect(boardJson(board1.doc)).toEqual(boardJson(therapist.doc))
      expect(sameDocument(board1.doc, therapist.doc)).toBe(true)
      const cards1 = board1.doc.getMap('cards')
      expect(report.acceptedMarkers.filter((id) => !cards1.has(id))).toEqual([])
      expect(sent.filter((text) => !cardTexts(board2.doc).has(text))).toEqual([])
      expect(uncaught).toEqual([])
    },
  )

  it('sends the same frames for the same seed and board', () => {
    const board = new Y.Doc()
    const goalId = addGoal(board, { title: 'Walk together after dinner' })
    addStep(board, goalId, 'Walk once this week')
    const base = Y.encodeStateAsUpdate(board)
    // A digest per frame: comparing up to a megabyte per frame element by element takes long.
    const digests = (seed: number) =>
      [...hostileFrames(seed, 300, { base, role: 'partnerA' })].map((frame) =>
        createHash('sha256').update(frame.data).digest('hex'),
      )
    const first = digests(SEED)
    expect(digests(SEED)).toEqual(first)
    expect(digests(SEED + 1)).not.toEqual(first)
  })
})
