import { createClient } from 'redis'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { PostgresSql } from '../src/store/postgresSql.ts'
import { createCleanup } from './helpers.ts'
import { dropDatabase, freshDatabase } from './services/postgres.ts'
import { startRedis } from './services/redis.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

async function redisClient(url: string) {
  // No reconnecting: a server that is down must fail the call, not hold it.
  const client = createClient({ url, socket: { reconnectStrategy: false } })
  client.on('error', () => {})
  await client.connect()
  cleanup.add(() => client.destroy())
  return client
}

describe('the services the tests run against', () => {
  it("the run's PostgreSQL gives each caller its own database, made from the template with the schema", async () => {
    const [first, second] = await Promise.all([freshDatabase('services'), freshDatabase('services')])
    cleanup.add(() => Promise.all([dropDatabase(first!), dropDatabase(second!)]))
    expect(first).not.toBe(second)
    const a = new PostgresSql({ connectionString: first! })
    const b = new PostgresSql({ connectionString: second! })
    cleanup.add(() => Promise.all([a.close(), b.close()]))
    expect(await a.all('SELECT part, version FROM schema_version ORDER BY part')).toEqual([
      { part: 'access', version: 2 },
      { part: 'documents', version: 1 },
    ])
    await a.run("INSERT INTO documents (name, head_seq) VALUES ('plan', 3)")
    expect(await b.all('SELECT name FROM documents')).toEqual([])
  })

  it("the run's Redis answers", async () => {
    const client = await redisClient(inject('redisUrl'))
    expect(await client.ping()).toBe('PONG')
  })

  it('a Redis of its own stops, refuses connections, and starts again empty on the same port', async () => {
    const redis = await startRedis()
    cleanup.add(() => redis.stop())
    const before = await redisClient(redis.url)
    await before.set('board:test', 'kept?')

    await redis.stop()
    await expect(redisClient(redis.url)).rejects.toThrow()

    await redis.start()
    const after = await redisClient(redis.url)
    expect(await after.get('board:test')).toBeNull()
    expect(new URL(redis.url).port).toBe(String(redis.port))
  })
})
