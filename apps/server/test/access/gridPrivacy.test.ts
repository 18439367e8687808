import {
  addProposal,
  gridTotals,
  markScored,
  selectGrid,
  selectProposals,
  selectScores,
  setScore,
} from '@session-board/board'
import { auditListSchema, connectTokenSchema } from '@session-board/protocol'
import * as decoding from 'lib0/decoding'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createCleanup, waitForDoc, withTimeout } from '../helpers.ts'
import type { Person } from './people.ts'
import { openRoom, startSecureServer } from './people.ts'
import { RawPeer } from './rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const A_SCORE = 7
const B_SCORE = 3

const scoresToken = async (person: Person, sessionId: string) =>
  (
    await person.browser.json(
      'POST',
      `/api/sessions/${sessionId}/connect-token`,
      { target: 'scores' },
      connectTokenSchema,
    )
  ).token

/** A raw peer that also keeps every frame it received, to be searched byte by byte. */
async function openPeer(serverUrl: string, path: string, token: string) {
  const peer = await RawPeer.open(cleanup, serverUrl, `${path}?token=${encodeURIComponent(token)}`)
  const frames: Uint8Array[] = []
  peer.ws.on('message', (data: ArrayBuffer) => frames.push(new Uint8Array(data)))
  await withTimeout(
    Promise.race([
      peer.synced,
      peer.closed.then((c) => Promise.reject(new Error(`closed ${c.code} ${c.reason}`))),
    ]),
    10_000,
    'the raw peer to sync',
  )
  return { peer, frames }
}

/** Every map entry (key, value) that a Yjs update writes, read from its decoded items. */
function entriesOf(update: Uint8Array): Array<{ key: string; value: unknown }> {
  const entries: Array<{ key: string; value: unknown }> = []
  for (const struct of Y.decodeUpdate(update).structs) {
    if (!(struct instanceof Y.Item) || struct.parentSub === null) continue
    const content = struct.content
    if (content instanceof Y.ContentAny) {
      for (const value of content.arr) entries.push({ key: struct.parentSub, value })
    }
  }
  return entries
}

/** The updates inside received sync frames (sync step 2 and updates; type 0). */
function updatesIn(frames: readonly Uint8Array[]): Uint8Array[] {
  const updates: Uint8Array[] = []
  for (const frame of frames) {
    const decoder = decoding.createDecoder(frame)
    if (decoding.readVarUint(decoder) !== 0) continue
    const kind = decoding.readVarUint(decoder)
    if (kind === 1 || kind === 2) updates.push(decoding.readVarUint8Array(decoder))
  }
  return updates
}

const contains = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text))

describe('the decision grid’s private scores', () => {
  it(
    'a partner’s client, driven over the raw protocol, holds none of the other partner’s private scores ' +
      'before the reveal (inspect what it received); after the reveal both see both',
    async () => {
      const server = await startSecureServer(cleanup)
      const room = await openRoom(server)
      const { sessionId } = room
      const boardA = await openPeer(server.url, `sync/${sessionId}`, await room.partnerA.token())
      const boardB = await openPeer(server.url, `sync/${sessionId}`, await room.partnerB.token())
      let first = ''
      let second = ''
      boardA.peer.write((doc) => {
        first = addProposal(doc, 'Date night on Fridays')
        second = addProposal(doc, 'Move closer to work')
      })
      await waitForDoc(boardB.peer.doc, () => selectProposals(boardB.peer.doc).length === 2, 'the proposals')

      // A scores every cell 7, risk included; B scores only burden and benefit, 3 each.
      const scoresA = await openPeer(
        server.url,
        `sync/${sessionId}/scores`,
        await scoresToken(room.partnerA, sessionId),
      )
      const scoresB = await openPeer(
        server.url,
        `sync/${sessionId}/scores`,
        await scoresToken(room.partnerB, sessionId),
      )
      const aOnlyKeys = [`${first}/risk`, `${second}/risk`]
      for (const proposal of [first, second]) {
        scoresA.peer.write((doc) => {
          for (const criterion of ['burden', 'benefit', 'risk']) setScore(doc, proposal, criterion, A_SCORE)
        })
        boardA.peer.write((doc) => {
          for (const criterion of ['burden', 'benefit', 'risk'])
            markScored(doc, 'partnerA', proposal, criterion, true)
        })
        scoresB.peer.write((doc) => {
          for (const criterion of ['burden', 'benefit']) setScore(doc, proposal, criterion, B_SCORE)
        })
        boardB.peer.write((doc) => {
          for (const criterion of ['burden', 'benefit'])
            markScored(doc, 'partnerB', proposal, criterion, true)
        })
      }
      // B sees that A scored (the markers), never what.
      await waitForDoc(
        boardB.peer.doc,
        () =>
          selectProposals(boardB.peer.doc).every(({ scored }) => Object.keys(scored.partnerA).length === 3),
        'A’s scored markers on B’s board',
      )
      // A second scores connection of A's sees A's own scores: they are stored.
      const againA = await openPeer(
        server.url,
        `sync/${sessionId}/scores`,
        await scoresToken(room.partnerA, sessionId),
      )
      await waitForDoc(
        againA.peer.doc,
        () => Object.keys(selectScores(againA.peer.doc)[second] ?? {}).length === 3,
        'A’s own scores, stored',
      )
      expect(selectScores(againA.peer.doc)[first]).toEqual({ burden: 7, benefit: 7, risk: 7 })

      // What B holds: its board and its own scores, with nothing of A's values.
      expect(selectGrid(boardB.peer.doc)).toMatchObject({ revealed: null, revealedAt: null })
      expect(selectScores(scoresB.peer.doc)).toEqual({
        [first]: { burden: B_SCORE, benefit: B_SCORE },
        [second]: { burden: B_SCORE, benefit: B_SCORE },
      })
      const everythingB = [
        ...boardB.frames,
        ...scoresB.frames,
        Y.encodeStateAsUpdate(boardB.peer.doc),
        Y.encodeStateAsUpdate(scoresB.peer.doc),
      ]
      for (const bytes of everythingB) for (const key of aOnlyKeys) expect(contains(bytes, key)).toBe(false)
      const scoreShaped = /^[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+$/
      const updatesB = [
        ...updatesIn(boardB.frames),
        ...updatesIn(scoresB.frames),
        Y.encodeStateAsUpdate(boardB.peer.doc),
        Y.encodeStateAsUpdate(scoresB.peer.doc),
      ]
      expect(updatesB.length).toBeGreaterThan(4)
      for (const update of updatesB) {
        for (const { key, value } of entriesOf(update)) {
          if (scoreShaped.test(key)) expect(value).toBe(B_SCORE)
          expect(key).not.toBe('revealed')
        }
      }

      // The therapist reveals: both boards hold both sets.
      const revealed = await room.therapist.browser.request('POST', `/api/sessions/${sessionId}/grid/reveal`)
      expect(revealed.status).toBe(200)
      const bothSets = {
        partnerA: {
          [first]: { burden: A_SCORE, benefit: A_SCORE, risk: A_SCORE },
          [second]: { burden: A_SCORE, benefit: A_SCORE, risk: A_SCORE },
        },
        partnerB: {
          [first]: { burden: B_SCORE, benefit: B_SCORE },
          [second]: { burden: B_SCORE, benefit: B_SCORE },
        },
      }
      for (const board of [boardA, boardB]) {
        await waitForDoc(board.peer.doc, () => selectGrid(board.peer.doc).revealed !== null, 'the reveal')
        expect(selectGrid(board.peer.doc).revealed).toEqual(bothSets)
        expect(selectGrid(board.peer.doc).revealedAt).toEqual(expect.any(Number))
      }

      // The summary's totals are the board's: each proposal's sum per partner over the grid's criteria.
      const board = boardA.peer.doc
      const shown = gridTotals(
        selectGrid(board).revealed!,
        selectProposals(board),
        selectGrid(board).criteria,
      )
      const summary = await room.therapist.browser.json<{
        grid: { rows: { proposal: string; total: { partnerA: number; partnerB: number } }[] } | null
      }>('GET', `/api/sessions/${sessionId}/summary`)
      const scoredCriteria = selectGrid(board).criteria.map(({ id }) => id)
      const expectedA =
        ['burden', 'benefit', 'risk'].filter((id) => scoredCriteria.includes(id)).length * A_SCORE
      const expectedB = ['burden', 'benefit'].filter((id) => scoredCriteria.includes(id)).length * B_SCORE
      expect(summary.grid?.rows.map((row) => row.total)).toEqual(
        selectProposals(board).map(({ id }) => shown[id]),
      )
      expect(summary.grid?.rows.map((row) => row.total)).toEqual([
        { partnerA: expectedA, partnerB: expectedB },
        { partnerA: expectedA, partnerB: expectedB },
      ])
      expect(expectedA).toBeGreaterThan(0)

      // Hiding takes them off the shared board again.
      const hidden = await room.therapist.browser.request('POST', `/api/sessions/${sessionId}/grid/hide`)
      expect(hidden.status).toBe(200)
      await waitForDoc(boardB.peer.doc, () => selectGrid(boardB.peer.doc).revealed === null, 'the hide')

      const audit = await room.therapist.browser.json(
        'GET',
        `/api/audit/${sessionId}`,
        undefined,
        auditListSchema,
      )
      const gridEntries = audit.entries.filter(({ action }) => action.startsWith('grid_'))
      expect(gridEntries.map(({ action, actorRole, detail }) => ({ action, actorRole, detail }))).toEqual([
        { action: 'grid_revealed', actorRole: 'therapist', detail: null },
        { action: 'grid_hidden', actorRole: 'therapist', detail: null },
      ])
    },
  )

  it('only the therapist reveals or hides; partners and observers hear so plainly', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    for (const person of [room.partnerA, room.partnerB, room.observer]) {
      for (const action of ['reveal', 'hide']) {
        const response = await person.browser.request(
          'POST',
          `/api/sessions/${room.sessionId}/grid/${action}`,
        )
        expect(response.status).toBe(403)
        expect(await response.json()).toMatchObject({ code: 'therapist_only', message: /Only the therapist/ })
      }
    }
    // Another therapist's session is not found; a request without the CSRF token is refused.
    const other = await openRoom(server)
    const foreign = await room.therapist.browser.request(
      'POST',
      `/api/sessions/${other.sessionId}/grid/reveal`,
    )
    expect(foreign.status).toBe(404)
    const noCsrf = await room.therapist.browser.request(
      'POST',
      `/api/sessions/${room.sessionId}/grid/reveal`,
      undefined,
      { 'x-csrf-token': 'wrong' },
    )
    expect(noCsrf.status).toBe(403)
  })
})
