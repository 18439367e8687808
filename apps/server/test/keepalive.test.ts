import { WebSocket } from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import {
  connectClient,
  createCleanup,
  getHealth,
  instancesOf,
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

  it('spreads its pings over the interval instead of pinging every socket at once', async () => {
    // One sweep of every socket held the event loop for ~23 ms at 1,500 sockets, and each edit on the
    // instance waited behind it. Now each socket is still pinged once an interval, at its own moment.
    const intervalMs = 1_500
    const server = await startTestServer(cleanup, { keepaliveMs: intervalMs })
    const firstPings: number[] = []
    const opened: Promise<unknown>[] = []
    for (let i = 0; i < 30; i++) {
      const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}sync/session-keepalive-spread`)
      socket.on('error', () => {})
      cleanup.add(() => socket.terminate())
      socket.once('ping', () => firstPings.push(performance.now()))
      opened.push(new Promise((resolve) => socket.once('open', resolve)))
    }
    await withTimeout(Promise.all(opened), 5_000, 'the sockets to open')
    const started = performance.now()
    while (firstPings.length < 30 && performance.now() - started < intervalMs * 2) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }

    // Every socket heard a ping within about one interval, and at many different moments: a sweep of
    // all of them at once lands in one or two 20 ms steps (per instance), slices in one step each.
    expect(firstPings).toHaveLength(30)
    const moments = new Set(firstPings.map((at) => Math.floor(at / 20)))
    expect(moments.size).toBeGreaterThanOrEqual(10)
    // And none was cut off: each answered its ping (two instances may share them in the postgres project).
    const connections = instancesOf(server).reduce((sum, instance) => sum + instance.registry.connections, 0)
    expect(connections).toBe(30)
  })
})
