import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { connect } from 'node:net'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { apiErrorSchema } from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { UnknownSessionGuard } from '../../src/access/unknownSessions.ts'
import type { LogFields, Logger } from '../../src/log.ts'
import { auditOf, createCleanup, makeTempDir, waitFor, withTimeout } from '../helpers.ts'
import { openRoom, startSecureServer } from './people.ts'
import { RawPeer } from './rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

/** The prober's address: all of 127.0.0.0/8 is loopback, so a second address needs no set-up. */
const PROBER = '127.0.0.2'

type Outcome = { kind: 'closed'; code: number } | { kind: 'http'; status: number; body: string }

/**
 * One upgrade from `localAddress`, spoken by hand over TCP as a prober would (far lighter than a
 * websocket client, so 2,000 of them take seconds): either the door accepted it and sent its close
 * frame, or the upgrade was refused over HTTP.
 */
function upgrade(serverUrl: string, path: string, localAddress: string): Promise<Outcome> {
  const { hostname, port } = new URL(serverUrl)
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), localAddress })
    let received = Buffer.alloc(0)
    const settle = (outcome: Outcome) => {
      socket.destroy()
      resolve(outcome)
    }
    socket.on('connect', () =>
      socket.write(
        `GET /${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    )
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      const headerEnd = received.indexOf('\r\n\r\n')
      if (headerEnd < 0) return
      const head = received.subarray(0, headerEnd).toString()
      const rest = received.subarray(headerEnd + 4)
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1])
      if (status === 101) {
        // The server's close frame: 0x88, an unmasked length, then the close code (big-endian).
        if (rest.length >= 4 && rest[0] === 0x88) settle({ kind: 'closed', code: rest.readUInt16BE(2) })
        return
      }
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0)
      if (rest.length >= length) settle({ kind: 'http', status, body: rest.subarray(0, length).toString() })
    })
    socket.on('error', reject)
    // A no-op once settled; otherwise the server hung up without an answer.
    socket.on('close', () => reject(new Error(`the upgrade to ${path} got no answer`)))
  })
}

/** `count` token-less upgrades to made-up session ids, `concurrency` at a time. */
async function flood(serverUrl: string, count: number, concurrency: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = []
  let next = 0
  const worker = async () => {
    while (next < count) {
      const index = next++
      outcomes.push(await upgrade(serverUrl, `sync/made-up-session-${index}`, PROBER))
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return outcomes
}

function auditRowCount(dataDir: string): number {
  const db = new DatabaseSync(join(dataDir, 'board.sqlite'), { readOnly: true })
  try {
    return Number((db.prepare('SELECT count(*) AS rows FROM audit').get() as { rows: number }).rows)
  } finally {
    db.close()
  }
}

describe('upgrades to sessions that do not exist', () => {
  it('writes no audit rows for a flood of made-up ids, turns the address away, and lets others in', async () => {
    const dataDir = await makeTempDir(cleanup)
    const server = await startSecureServer(cleanup, { dataDir })
    const room = await openRoom(server)
    const { max } = server.access.config.unknownSessions
    const rowsBefore = auditRowCount(dataDir)

    const outcomes = await withTimeout(flood(server.url, 2_000, 50), 60_000, 'the flood to be answered')
    const closedAtDoor = outcomes.filter((outcome) => outcome.kind === 'closed')
    const tooMany = outcomes.filter((outcome) => outcome.kind === 'http' && outcome.status === 429)
    // The door refused the first `max` (forbidden: no such session), then the address was limited.
    expect(closedAtDoor).toHaveLength(max)
    expect(closedAtDoor.every((outcome) => outcome.code === 4403)).toBe(true)
    expect(tooMany).toHaveLength(2_000 - max)
    expect(auditRowCount(dataDir)).toBe(rowsBefore)

    // Limited before any work: even a genuine token from that address waits, and is told why.
    const token = await room.partnerA.token()
    const limited = await upgrade(server.url, `sync/${room.sessionId}?token=${token}`, PROBER)
    expect(limited).toMatchObject({ kind: 'http', status: 429 })
    const refusal = apiErrorSchema.parse(JSON.parse(limited.kind === 'http' ? limited.body : 'null'))
    expect(refusal.code).toBe('too_many_attempts')
    expect(refusal.message).toMatch(/Please wait \d+ minutes? and try again/)

    // A refused attempt on a session that exists is audited exactly as before.
    const tokenless = await RawPeer.open(cleanup, server.url, `sync/${room.sessionId}`)
    expect((await withTimeout(tokenless.closed, 5_000, 'the door to refuse')).code).toBe(4401)
    expect(auditRowCount(dataDir)).toBe(rowsBefore + 1)
    const refusals = (await auditOf(server).forSession(room.sessionId)).filter(
      (entry) => entry.action === 'door_refused',
    )
    expect(refusals.map((entry) => entry.detail)).toEqual(['no_credentials'])

    // Someone at another address joins as usual.
    const partnerA = await RawPeer.join(cleanup, server.url, room.sessionId, token)
    expect(partnerA.framesReceived).toBeGreaterThan(0)
  })
})

describe('the count of refused upgrades to unknown sessions', () => {
  it('writes one content-free summary per interval, counted per address', async () => {
    const lines: Array<{ level: string; event: string; fields: LogFields }> = []
    const record =
      (level: string) =>
      (event: string, fields: LogFields = {}) =>
        lines.push({ level, event, fields })
    const log: Logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    }
    const guard = new UnknownSessionGuard({
      limits: { max: 3, windowMs: 60_000, summaryEveryMs: 20 },
      trustProxy: true,
      log,
      now: Date.now,
    })
    // Behind a trusted proxy the address is the last X-Forwarded-For entry, the one the proxy added.
    const from = (address: string) =>
      ({
        headers: { 'x-forwarded-for': `203.0.113.99, ${address}` },
        socket: { remoteAddress: '10.0.0.1' },
      }) as unknown as IncomingMessage
    let limited = 0
    for (let attempt = 0; attempt < 10; attempt++) {
      if (guard.retryAfterMs(from('198.51.100.7')) > 0) limited++
      else guard.refused(from('198.51.100.7'))
    }
    expect(guard.retryAfterMs(from('198.51.100.8'))).toBe(0)
    guard.refused(from('198.51.100.8'))
    expect(limited).toBe(7)

    await waitFor(() => lines.length > 0, 'the summary line')
    expect(lines).toEqual([
      {
        level: 'warn',
        event: 'sync.unknown_sessions',
        fields: { intervalMs: 20, refused: 4, addresses: 2, mostFromOneAddress: 3, limited: 7 },
      },
    ])
    expect(JSON.stringify(lines)).not.toMatch(/198\.51\.100|203\.0\.113|10\.0\.0\.1/)
  })
})
