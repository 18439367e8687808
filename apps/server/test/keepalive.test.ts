import { WebSocket } from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import {
  connectClient,
  createCleanup,
  getHealth,
  startTestServer,
  waitSynced,
  withTimeout,
} from './helpers.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

describe('keepalive', () => {
  it('cuts off a peer that stopped answering pings, and keeps those that answer', async () => {
    // A second between pings: a 50 ms interval cut off the answering client too when the machine was
    // busy (its pong came late), which is not what this test is about.
    const server = await startTestServer(cleanup, { keepaliveMs: 1_000 })
    const alive = connectClient(cleanup, server.url, 'session-keepalive')
    await waitSynced(alive)

    // A socket whose other end has vanished: it never answers a ping.
    const silent = new WebSocket(`${server.url.replace(/^http/, 'ws')}sync/session-keepalive`, {
      autoPong: false,
    })
    silent.on('error', () => {})
    cleanup.add(() => silent.terminate())
    const closed = new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)))
    await withTimeout(
      new Promise((resolve) => silent.once('open', resolve)),
      5_000,
      'the silent socket to open',
    )

    // Terminated without a close frame, so the peer sees an abnormal closure.
    expect(await withTimeout(closed, 5_000, 'the silent socket to be cut off')).toBe(1006)
    expect(alive.provider.wsconnected).toBe(true)
    expect((await getHealth(server.url)).connections).toBe(1)
  })
})
