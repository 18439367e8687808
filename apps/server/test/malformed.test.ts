import { MAX_FRAME_BYTES, SYNC_CLOSE } from '@session-board/protocol'
import * as encoding from 'lib0/encoding'
import * as prng from 'lib0/prng'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RunningServer } from '../src/server.ts'
import type { Client } from './helpers.ts'
import {
  connectClient,
  createCleanup,
  getHealth,
  openRawSocket,
  startTestServer,
  waitForDoc,
  waitSynced,
  withTimeout,
} from './helpers.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

/** A sync update message whose update is garbage that Yjs cannot read. */
function garbageUpdateFrame(): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0) // messageSync
  encoding.writeVarUint(encoder, 2) // messageYjsUpdate
  encoding.writeVarUint8Array(encoder, new Uint8Array([3, 0xff, 0xff, 0xff, 0xff, 0x0f, 7, 9]))
  return encoding.toUint8Array(encoder)
}

const malformedFrames: Array<[string, () => Uint8Array, { code: number; reason: string }]> = [
  ['random bytes', () => prng.uint8Array(prng.create(42), 256), SYNC_CLOSE.malformedFrame],
  ['a truncated varint', () => new Uint8Array([0x80]), SYNC_CLOSE.malformedFrame],
  [
    'a sync message whose length runs past the end',
    () => new Uint8Array([0, 2, 0xe8, 0x07, 1, 2]),
    SYNC_CLOSE.malformedFrame,
  ],
  ['an unknown message type', () => new Uint8Array([42]), SYNC_CLOSE.malformedFrame],
  ['an update Yjs cannot apply', garbageUpdateFrame, SYNC_CLOSE.malformedFrame],
  ['an empty frame', () => new Uint8Array(0), SYNC_CLOSE.malformedFrame],
]

describe('malformed frames', () => {
  let server: RunningServer
  let alice: Client
  let bob: Client

  beforeEach(async () => {
    server = await startTestServer(cleanup)
    alice = connectClient(cleanup, server.url, 'session-healthy')
    bob = connectClient(cleanup, server.url, 'session-healthy')
    await Promise.all([waitSynced(alice), waitSynced(bob)])
  })

  async function expectOthersUnaffected(marker: string): Promise<void> {
    alice.doc.getMap('board').set(marker, true)
    await waitForDoc(bob.doc, () => bob.doc.getMap('board').get(marker) === true, `${marker} to reach bob`)
    expect(alice.provider.wsconnected && bob.provider.wsconnected).toBe(true)
    expect((await getHealth(server.url)).status).toBe('ok')
  }

  for (const [name, frame, expected] of malformedFrames) {
    it(`closes only the sender of ${name} with ${expected.code}`, async () => {
      const { ws, closed } = await openRawSocket(cleanup, server.url, 'session-attacked')
      ws.send(frame())
      const { code, reason } = await withTimeout(closed, 5_000, 'the offending socket to close')
      expect({ code, reason }).toEqual(expected)
      await expectOthersUnaffected(`after-${name}`)
    })
  }

  it('closes only the sender of a 2 MiB frame with 1009', async () => {
    const { ws, closed } = await openRawSocket(cleanup, server.url, 'session-attacked')
    ws.send(new Uint8Array(2 * MAX_FRAME_BYTES))
    const { code } = await withTimeout(closed, 5_000, 'the offending socket to close')
    expect(code).toBe(SYNC_CLOSE.frameTooLarge.code)
    await expectOthersUnaffected('after-huge-frame')
  })

  it('closes a socket on the same session without harming the people in it', async () => {
    const { ws, closed } = await openRawSocket(cleanup, server.url, 'session-healthy')
    ws.send(new Uint8Array([0x80]))
    expect((await withTimeout(closed, 5_000, 'the offending socket to close')).code).toBe(1007)
    await expectOthersUnaffected('after-same-session')
    expect(bob.doc.getMap('board').toJSON()).toEqual(alice.doc.getMap('board').toJSON())
  })

  it('refuses a bad session id with 4400 so the client stops retrying', async () => {
    const { closed } = await openRawSocket(cleanup, server.url, 'no')
    expect(await withTimeout(closed, 5_000, 'the socket to close')).toEqual(SYNC_CLOSE.badSessionId)
  })
})
