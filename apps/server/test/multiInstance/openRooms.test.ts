import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { RedisFanout } from '../../src/fanout/redisFanout.ts'
import { createLogger } from '../../src/log.ts'
import type { RunningServer } from '../../src/server.ts'
import { startServer } from '../../src/server.ts'
import { openPostgresStore } from '../../src/store/postgres.ts'
import { PostgresSql } from '../../src/store/postgresSql.ts'
import type { Client } from '../helpers.ts'
import { connectClient, createCleanup, makeTempDir, waitForDoc, waitSynced } from '../helpers.ts'
import { dropDatabase, freshDatabase } from '../services/postgres.ts'
import { startRedis } from '../services/redis.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

/**
 * Instances of the sync server in this process, with no extensions (the sync core alone), on one
 * PostgreSQL database and one Redis: each its own pool, its own Redis connections and its own port.
 */
async function startInstances(count: number, redisUrl: string): Promise<RunningServer[]> {
  const databaseUrl = await freshDatabase('instances')
  cleanup.add(() => dropDatabase(databaseUrl))
  const prefix = `t${randomUUID().slice(0, 8)}`
  const servers: RunningServer[] = []
  for (let index = 1; index <= count; index++) {
    const sql = new PostgresSql({ connectionString: databaseUrl, max: 4 })
    const store = await openPostgresStore({ sql })
    const fanout = await RedisFanout.connect({
      url: redisUrl,
      prefix,
      instanceId: `instance-${index}`,
      log: createLogger('silent'),
    })
    const server = await startServer({
      host: '127.0.0.1',
      port: 0,
      logLevel: 'silent',
      evictAfterMs: 100,
      extensions: [],
      dataDir: await makeTempDir(cleanup),
      store,
      fanout,
    })
    cleanup.add(async () => {
      await server.close()
      await fanout.close()
      await sql.close()
    })
    servers.push(server)
  }
  return servers
}

const board = (client: Client) => client.doc.getMap<string>('board')

async function seen(client: Client, key: string, value: string, what: string, timeoutMs = 10_000) {
  await waitForDoc(client.doc, () => board(client).get(key) === value, what, timeoutMs)
}

describe('several instances on one PostgreSQL and one Redis', () => {
  it('an edit made through one instance reaches the clients of the other, both ways, and a newcomer loads it all', async () => {
    const [first, second] = await startInstances(2, inject('redisUrl'))
    const ana = connectClient(cleanup, first!.url, 'room-1')
    const ben = connectClient(cleanup, second!.url, 'room-1')
    await Promise.all([waitSynced(ana), waitSynced(ben)])

    board(ana).set('from-ana', 'hello')
    await seen(ben, 'from-ana', 'hello', 'Ana’s edit at Ben')
    board(ben).set('from-ben', 'hi')
    await seen(ana, 'from-ben', 'hi', 'Ben’s edit at Ana')
    // A burst from both sides ends the same everywhere.
    for (let i = 0; i < 50; i++) {
      board(ana).set(`a${i}`, String(i))
      board(ben).set(`b${i}`, String(i))
    }
    await seen(ben, 'a49', '49', 'Ana’s burst at Ben')
    await seen(ana, 'b49', '49', 'Ben’s burst at Ana')
    expect(board(ana).toJSON()).toEqual(board(ben).toJSON())

    // A newcomer on either instance loads everything from the shared store.
    const cleo = connectClient(cleanup, first!.url, 'room-1')
    await waitSynced(cleo)
    expect(board(cleo).toJSON()).toEqual(board(ana).toJSON())
    expect(Object.keys(board(cleo).toJSON())).toHaveLength(102)
  })

  it('presence published on one instance shows on the other', async () => {
    const [first, second] = await startInstances(2, inject('redisUrl'))
    const ana = connectClient(cleanup, first!.url, 'room-2')
    const ben = connectClient(cleanup, second!.url, 'room-2')
    await Promise.all([waitSynced(ana), waitSynced(ben)])
    ana.provider.awareness.setLocalStateField('user', { name: 'Ana' })
    const deadline = Date.now() + 5_000
    const anaAtBen = () => ben.provider.awareness.getStates().get(ana.doc.clientID)
    while (!anaAtBen() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(anaAtBen()).toEqual({ user: { name: 'Ana' } })
  })

  it('a newcomer on an instance that had the board closed sees at once who is already there elsewhere', async () => {
    const [first, second] = await startInstances(2, inject('redisUrl'))
    const ana = connectClient(cleanup, first!.url, 'room-3')
    await waitSynced(ana)
    ana.provider.awareness.setLocalStateField('user', { name: 'Ana' })
    // The second instance opens the board only now: Ana's presence was published before it listened,
    // and her client renews it only every 15 s.
    expect(second!.registry.isLoaded('room-3')).toBe(false)
    const ben = connectClient(cleanup, second!.url, 'room-3')
    await waitSynced(ben)
    const asked = Date.now()
    const anaAtBen = () => ben.provider.awareness.getStates().get(ana.doc.clientID)
    while (!anaAtBen() && Date.now() - asked < 5_000) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(anaAtBen()).toEqual({ user: { name: 'Ana' } })
    expect(Date.now() - asked).toBeLessThan(1_000)
  })

  it('with Redis stopped, edits still cross by the store, later; after its restart none is missing', async () => {
    const redis = await startRedis()
    cleanup.add(() => redis.stop())
    const [first, second] = await startInstances(2, redis.url)
    const ana = connectClient(cleanup, first!.url, 'room-3')
    const ben = connectClient(cleanup, second!.url, 'room-3')
    await Promise.all([waitSynced(ana), waitSynced(ben)])
    board(ana).set('before', 'stop')
    await seen(ben, 'before', 'stop', 'the edit before Redis stops')

    await redis.stop()
    for (let i = 0; i < 20; i++) board(ana).set(`down-a${i}`, String(i))
    board(ben).set('down-b', 'while away')
    // The instances poll the store twice a second while Redis is away.
    const began = Date.now()
    await seen(ben, 'down-a19', '19', 'Ana’s edits at Ben while Redis is away', 5_000)
    await seen(ana, 'down-b', 'while away', 'Ben’s edit at Ana while Redis is away', 5_000)
    expect(Date.now() - began).toBeLessThan(3_000)

    await redis.start()
    board(ben).set('after', 'restart')
    await seen(ana, 'after', 'restart', 'the edit after Redis restarted')
    expect(board(ana).toJSON()).toEqual(board(ben).toJSON())
    expect(Object.keys(board(ana).toJSON())).toHaveLength(23)
  })
})
