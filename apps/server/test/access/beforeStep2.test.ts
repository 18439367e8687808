// A client that comes back (after a server restart, or through another instance after a failover) can
// send live edits before its sync step 2 has brought the edits the server never stored. Those edits skip
// part of the client's history when they arrive; the server holds them until the step 2, within a bound.
import { addGoal, selectGoals, updateGoal } from '@session-board/board'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { createCleanup, waitForDoc, withTimeout } from '../helpers.ts'
import { CLOCK_GAP, refusalsIn } from './forger.ts'
import { openRoom, startSecureServer } from './people.ts'
import { RawPeer } from './rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const syncFrame = (write: (encoder: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** Every update `change` makes to `doc`, one per transaction. */
function updatesOf(doc: Y.Doc, change: () => void): Uint8Array[] {
  const updates: Uint8Array[] = []
  const capture = (update: Uint8Array) => updates.push(update)
  doc.on('update', capture)
  change()
  doc.off('update', capture)
  return updates
}

/**
 * A peer whose document holds edits the server never got. It sends its step 1 and the `live` updates
 * at once; it answers the server's step 1 with its step 2 only if `answer` is true.
 */
function comingBack(url: string, local: Y.Doc, live: Uint8Array[], answer: boolean) {
  const ws = new WebSocket(url)
  ws.binaryType = 'arraybuffer'
  ws.on('error', () => {})
  cleanup.add(() => ws.terminate())
  const refusals: string[] = []
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
  ws.on('open', () => {
    ws.send(syncFrame((encoder) => syncProtocol.writeSyncStep1(encoder, local)))
    for (const update of live) ws.send(syncFrame((encoder) => syncProtocol.writeUpdate(encoder, update)))
  })
  ws.on('message', (data: ArrayBuffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data))
    const type = decoding.readVarUint(decoder)
    if (type === 4) refusals.push(decoding.readVarString(decoder))
    if (type !== 0 || decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep1) return
    const serverState = decoding.readVarUint8Array(decoder)
    if (answer) ws.send(syncFrame((encoder) => syncProtocol.writeSyncStep2(encoder, local, serverState)))
  })
  return { ws, closed, refusals }
}

/** A room with partner B watching, and partner A's new goal that the server never received. */
async function unstoredGoal(title: string) {
  const server = await startSecureServer(cleanup)
  const room = await openRoom(server)
  const witness = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerB.token())
  const local = new Y.Doc()
  let goalId = ''
  updatesOf(local, () => {
    goalId = addGoal(local, { title })
  })
  const partnerAUrl = `${server.url.replace(/^http/, 'ws')}sync/${room.sessionId}?token=${await room.partnerA.token()}`
  return { server, room, witness, local, goalId, partnerAUrl }
}

describe('live edits that arrive before the client’s sync step 2', () => {
  it('are held until the step 2 brings what came before them, and nobody is refused', async () => {
    // Partner A's edits the server never stored (it went down before): a goal, then its wording.
    const { server, room, witness, local, goalId, partnerAUrl } = await unstoredGoal('Walk after dinner')
    const live = updatesOf(local, () => updateGoal(local, goalId, { measurable: 'Three evenings a week' }))
    const peer = comingBack(partnerAUrl, local, live, true)

    await waitForDoc(
      witness.doc,
      () =>
        selectGoals(witness.doc).find((goal) => goal.id === goalId)?.measurable === 'Three evenings a week',
      'partner A’s goal and its wording at partner B',
    )
    expect(peer.ws.readyState).toBe(WebSocket.OPEN)
    expect(peer.refusals).toEqual([])
    expect(await refusalsIn(server, room.sessionId)).toEqual([])
  })

  it('are held within a bound: a client that never sends its step 2 is refused once it has sent too many', async () => {
    const { server, room, witness, local, goalId, partnerAUrl } = await unstoredGoal('Never sent')
    // 65 edits after one the server never gets: each skips part of the sender's history.
    const live = updatesOf(local, () => {
      for (let index = 0; index < 65; index++) updateGoal(local, goalId, { measurable: `Try ${index}` })
    })
    expect(live).toHaveLength(65)
    const peer = comingBack(partnerAUrl, local, live, false)

    expect(await withTimeout(peer.closed, 5_000, 'the refusal')).toBe(4403)
    expect(peer.refusals.join()).toContain(CLOCK_GAP)
    expect(selectGoals(witness.doc).some((goal) => goal.id === goalId)).toBe(false)
    expect((await refusalsIn(server, room.sessionId)).map((entry) => entry.detail)).toEqual(['clock_gap:gap'])
  })
})
