import { SYNC_CLOSE } from '@session-board/protocol'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import type { RunningServer } from '../src/server.ts'
import { TEST_SECRET, openRoom } from './access/people.ts'
import { RawPeer } from './access/rawPeer.ts'
import { createCleanup, makeTempDir, spawnServer, withTimeout } from './helpers.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

// The partners' names, which must never reach the logs, not even a few characters of them.
const partnerA = { first: 'Marisol', last: 'Quillfeather' }
const partnerB = { first: 'Thaddeus', last: 'Vanterpool' }

/** Wraps a payload the way the y-websocket client frames it: message type, then the bytes. */
function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** An awareness frame whose one entry is broken JSON with a name in it: JSON.parse would quote it. */
function brokenAwareness(clientId: number, name: string): Uint8Array {
  const update = frame((encoder) => {
    encoding.writeVarUint(encoder, 1)
    encoding.writeVarUint(encoder, clientId)
    encoding.writeVarUint(encoder, 1)
    encoding.writeVarString(encoder, `{"user":{"name":${name}}}`)
  })
  return frame((encoder) => {
    encoding.writeVarUint(encoder, 1)
    encoding.writeVarUint8Array(encoder, update)
  })
}

/**
 * A sync update with one item of JSON content (Yjs's ContentJSON) that is broken, with a name at its
 * start: decoding the update parses it, and JSON.parse's message would quote it.
 */
function brokenUpdate(clientId: number, name: string): Uint8Array {
  const update = frame((encoder) => {
    encoding.writeVarUint(encoder, 1) // structs from one client
    encoding.writeVarUint(encoder, 1) // one struct
    encoding.writeVarUint(encoder, clientId)
    encoding.writeVarUint(encoder, 0) // clock
    encoding.writeUint8(encoder, 2) // an item of ContentJSON, no origins: its parent follows
    encoding.writeVarUint(encoder, 1) // the parent is a root type, by name
    encoding.writeVarString(encoder, 'goals')
    encoding.writeVarUint(encoder, 1) // one JSON value
    encoding.writeVarString(encoder, `[${name}]`)
    encoding.writeVarUint(encoder, 0) // an empty delete set
  })
  return frame((encoder) => {
    encoding.writeVarUint(encoder, 0) // sync
    encoding.writeVarUint(encoder, 2) // update
    encoding.writeVarUint8Array(encoder, update)
  })
}

describe('logs never echo what a malformed frame carried', () => {
  it('logs the malformed frames by size and kind, without a trace of the names inside them', async () => {
    const server = await spawnServer(cleanup, {
      DATA_DIR: await makeTempDir(cleanup),
      SYNC_OPEN_ACCESS: '0',
      LOG_LEVEL: 'debug',
      BOARD_SECRET: TEST_SECRET,
    })
    // openRoom drives the API like a browser; it needs only the URL.
    const room = await openRoom({ url: server.url } as RunningServer, {
      title: 'Week 3',
      partnerAName: 'Partner A',
      partnerBName: 'Partner B',
    })

    const peerA = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
    peerA.ws.send(brokenAwareness(peerA.doc.clientID, `${partnerA.first} ${partnerA.last}`))
    const closedA = await withTimeout(peerA.closed, 5_000, 'the broken awareness frame to be refused')
    expect(closedA.code).toBe(SYNC_CLOSE.malformedFrame.code)

    const peerB = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerB.token())
    peerB.ws.send(brokenUpdate(peerB.doc.clientID, `${partnerB.first} ${partnerB.last}`))
    const closedB = await withTimeout(peerB.closed, 5_000, 'the broken update to be refused')
    expect(closedB.code).toBe(SYNC_CLOSE.malformedFrame.code)

    server.child.kill('SIGTERM')
    await withTimeout(server.exited, 10_000, 'the server to stop')
    const malformed = server
      .output()
      .split('\n')
      .filter((line) => line.includes('"sync.malformed_frame"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(malformed).toHaveLength(2)
    for (const line of malformed) {
      expect(line).toMatchObject({ level: 'warn', binary: true, error: 'SyntaxError' })
      expect(line.bytes).toBeGreaterThan(0)
    }
    const output = server.output().toLowerCase()
    for (const part of [partnerA.first, partnerA.last, partnerB.first, partnerB.last]) {
      expect(output, `the log contains "${part}"`).not.toContain(part.toLowerCase())
    }
  })
})
