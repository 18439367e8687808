import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, inject, it } from 'vitest'
import type { Client } from '../helpers.ts'
import { connectClient, createCleanup, waitForDoc, waitSynced } from '../helpers.ts'
import { dropDatabase, freshDatabase } from '../services/postgres.ts'
import { startProxy } from './proxy.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

/** An instance in its own process, so it can be killed outright. Resolves with its port. */
async function spawnInstance(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'openInstance.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  cleanup.add(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  const lines = createInterface({ input: child.stdout! })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the instance did not start within 20 s')), 20_000)
    lines.on('line', (line) => {
      const match = /^listening (\S+)/.exec(line)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    child.once('exit', (code) => reject(new Error(`the instance exited with ${code}`)))
  })
  return { child, port: Number(new URL(url).port) }
}

const counters = (client: Client) => client.doc.getMap<number>('counters')

describe('an instance killed mid-session', () => {
  it('its clients go on through the other instance, and no edit any peer saw is lost', async () => {
    const databaseUrl = await freshDatabase('failover')
    cleanup.add(() => dropDatabase(databaseUrl))
    const shared = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: inject('redisUrl'),
      REDIS_PREFIX: `f${randomUUID().slice(0, 8)}`,
    }
    const first = await spawnInstance({ ...shared, INSTANCE_ID: 'one' })
    const second = await spawnInstance({ ...shared, INSTANCE_ID: 'two' })
    const proxy = await startProxy([first.port, second.port])
    cleanup.add(() => proxy.close())

    // Through the proxy, in turn: the first and third client on instance one, the second on two.
    const clients: Client[] = []
    for (let index = 0; index < 3; index++) {
      const client = connectClient(cleanup, proxy.url, 'counting')
      await waitSynced(client)
      clients.push(client)
    }
    // The highest value of each writer that any other peer saw, as the peers saw it.
    const seenByPeers = new Map<string, number>()
    clients.forEach((client, index) =>
      counters(client).observe((event) => {
        for (const key of event.keysChanged) {
          if (key === `c${index}`) continue
          const value = counters(client).get(key) ?? 0
          seenByPeers.set(key, Math.max(seenByPeers.get(key) ?? 0, value))
        }
      }),
    )

    let running = true
    const written = [0, 0, 0]
    const writers = clients.map(async (client, index) => {
      while (running) {
        written[index]! += 1
        counters(client).set(`c${index}`, written[index]!)
        await new Promise((resolve) => setTimeout(resolve, 15))
      }
    })
    await new Promise((resolve) => setTimeout(resolve, 800))
    first.child.kill('SIGKILL')
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    running = false
    await Promise.all(writers)

    // Every client ends with every writer's last value: its own resend brings back what died with one.
    for (const client of clients) {
      await waitForDoc(
        client.doc,
        () => written.every((value, index) => counters(client).get(`c${index}`) === value),
        'every final value at every client',
        15_000,
      )
    }
    // A newcomer loads the same from the store through the surviving instance.
    const newcomer = connectClient(cleanup, `http://127.0.0.1:${second.port}/`, 'counting')
    await waitSynced(newcomer)
    for (const [index, value] of written.entries()) {
      expect(counters(newcomer).get(`c${index}`)).toBe(value)
      expect(value).toBeGreaterThanOrEqual(seenByPeers.get(`c${index}`) ?? 0)
    }
    // Each writer kept writing across the kill: the run really spanned it.
    expect(Math.min(...written)).toBeGreaterThan(50)
  })
})
