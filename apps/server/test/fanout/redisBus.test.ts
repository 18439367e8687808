import { randomBytes } from 'node:crypto'
import { createClient } from 'redis'
import { afterEach, describe, expect, inject, it } from 'vitest'
import type { BusEvent } from '../../src/access/bus.ts'
import { RedisBus, reconnectDelay } from '../../src/fanout/redisBus.ts'
import type { LogFields, Logger } from '../../src/log.ts'
import { createCleanup, waitFor } from '../helpers.ts'
import { startRedis } from '../services/redis.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

type LogLine = { level: string; event: string; fields: LogFields }

/** A logger that keeps its lines, to read what the bus said (and did not say). */
function recordingLog(): Logger & { lines: LogLine[]; text: () => string } {
  const lines: LogLine[] = []
  const at =
    (level: string) =>
    (event: string, fields: LogFields = {}) =>
      lines.push({ level, event, fields })
  return {
    lines,
    text: () => JSON.stringify(lines),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  }
}

/** Each test on its own channels of the run's Redis. */
const freshPrefix = () => `t${randomBytes(6).toString('hex')}`

type TestBus = { bus: RedisBus; id: string; heard: BusEvent[]; log: ReturnType<typeof recordingLog> }

async function joinBus(prefix: string, id: string, url = inject('redisUrl')): Promise<TestBus> {
  const log = recordingLog()
  const bus = await RedisBus.connect({ url, prefix, instanceId: id, log })
  cleanup.add(() => bus.close())
  const heard: BusEvent[] = []
  bus.subscribe((event) => heard.push(event))
  return { bus, id, heard, log }
}

/** Resolves once `listener` has heard `count` events in all. */
const heardCount = (listener: TestBus, count: number, what: string) =>
  waitFor(() => listener.heard.length >= count, what, 5_000)

async function rawClient(url = inject('redisUrl')) {
  const client = createClient({ url, socket: { reconnectStrategy: false } })
  client.on('error', () => {})
  await client.connect()
  cleanup.add(() => client.destroy())
  return client
}

const sessionEnded: BusEvent = { kind: 'sessionChanged', sessionId: 'ses_ended', live: false }
const marker: BusEvent = { kind: 'sessionChanged', sessionId: 'ses_marker', live: true }

const everyKind: BusEvent[] = [
  { kind: 'closeSockets', match: { personIds: ['per_a', 'per_b'] }, code: 4403, reason: 'Access ended.' },
  { kind: 'closeSockets', match: { loginId: 'lgn_1' }, code: 4401, reason: 'Signed out.' },
  { kind: 'sessionChanged', sessionId: 'ses_1', live: true },
  { kind: 'sessionChanged', sessionId: 'ses_1', live: false },
  {
    kind: 'alert',
    therapistId: 'thr_1',
    event: {
      kind: 'flag',
      coupleId: 'cpl_abc',
      flag: {
        id: 'flg_1',
        entryId: 'ent_1',
        metricId: 'met_1',
        partner: 'partnerA',
        level: 'red',
        day: '2025-03-04',
        raisedAt: 1_741_046_400_000,
        response: 'We take a walk.',
        acknowledgedAt: null,
      },
    },
  },
  {
    kind: 'alert',
    therapistId: 'thr_1',
    event: { kind: 'acknowledged', coupleId: 'cpl_abc', flagId: 'flg_1' },
  },
  { kind: 'alert', therapistId: 'thr_1', event: { kind: 'loginEnded', loginId: 'lgn_2' } },
]

describe('RedisBus on a real Redis', () => {
  it("carries an event to the other instance's listeners and not back to its own", async () => {
    const prefix = freshPrefix()
    const one = await joinBus(prefix, 'one')
    const two = await joinBus(prefix, 'two')

    one.bus.publish(sessionEnded)
    await heardCount(two, 1, 'the event on instance two')
    // Redis delivers in the order it received the publishes: once instance one hears two's marker,
    // its own earlier event would have reached it before, had it not been skipped.
    two.bus.publish(marker)
    await heardCount(one, 1, 'the marker on instance one')

    expect(two.heard).toEqual([sessionEnded])
    expect(one.heard).toEqual([marker])
  })

  it('round-trips every kind of event, unchanged and in order', async () => {
    const prefix = freshPrefix()
    const one = await joinBus(prefix, 'one')
    const two = await joinBus(prefix, 'two')

    for (const event of everyKind) one.bus.publish(event)
    await heardCount(two, everyKind.length, 'every event')
    expect(two.heard).toEqual(everyKind)
  })

  it('keeps deployments with different prefixes apart', async () => {
    const prefix = freshPrefix()
    const one = await joinBus(prefix, 'one')
    const two = await joinBus(prefix, 'two')
    const otherPrefix = freshPrefix()
    const elsewhere = await joinBus(otherPrefix, 'one')
    const elsewhereToo = await joinBus(otherPrefix, 'two')

    one.bus.publish(sessionEnded)
    await heardCount(two, 1, 'the event on the same prefix')
    elsewhereToo.bus.publish(marker)
    await heardCount(elsewhere, 1, 'the marker on the other prefix')

    // Same instance id 'one' on the other prefix, and still nothing: the channel keeps them apart.
    expect(elsewhere.heard).toEqual([marker])
  })

  it('drops malformed messages without quoting them, and keeps working', async () => {
    const prefix = freshPrefix()
    const one = await joinBus(prefix, 'one')
    const two = await joinBus(prefix, 'two')
    const raw = await rawClient()
    const secret = 'PRIVATE-WORDS-FROM-A-SESSION'
    const valid = { kind: 'sessionChanged', sessionId: 'ses_1', live: true }
    const malformed = [
      `not json ${secret}`,
      JSON.stringify({ v: 2, from: 'raw', event: valid, note: secret }),
      JSON.stringify({ v: 1, event: valid, note: secret }),
      JSON.stringify({ v: 1, from: `bad id ${secret}`, event: valid }),
      JSON.stringify({ v: 1, from: 'raw', event: { kind: 'wipeEverything', what: secret } }),
      JSON.stringify({
        v: 1,
        from: 'raw',
        event: { kind: 'closeSockets', match: {}, code: 4403, reason: secret },
      }),
      JSON.stringify({ v: 1, from: 'raw', event: { ...valid, live: secret } }),
      JSON.stringify({ v: 1, from: 'raw', event: valid, padding: secret.repeat(5_000) }),
    ]
    for (const message of malformed) await raw.publish(`${prefix}:bus:access`, message)
    await raw.publish(`${prefix}:bus:instances`, JSON.stringify({ v: 1, from: secret, at: 'now' }))

    one.bus.publish(marker)
    await heardCount(two, 1, 'the valid event after the malformed ones')

    expect(two.heard).toEqual([marker])
    const dropped = two.log.lines.filter((line) => line.event === 'bus.malformed_message')
    expect(dropped).toHaveLength(malformed.length + 1)
    expect(two.log.text()).not.toContain('PRIVATE')
    // The heartbeat's id was well formed, its time was not: no such instance is listed.
    expect(two.bus.peers()).not.toContain(secret)
  })

  it('a listener that throws neither stops the others nor the bus', async () => {
    const prefix = freshPrefix()
    const one = await joinBus(prefix, 'one')
    const two = await joinBus(prefix, 'two')
    two.bus.subscribe(() => {
      throw new Error('a bug in a listener')
    })
    const after: BusEvent[] = []
    two.bus.subscribe((event) => after.push(event))

    one.bus.publish(sessionEnded)
    one.bus.publish(marker)
    await heardCount(two, 2, 'both events')

    expect(after).toEqual([sessionEnded, marker])
    expect(two.log.lines.filter((line) => line.event === 'bus.listener_failed')).toEqual([
      { level: 'error', event: 'bus.listener_failed', fields: { kind: 'sessionChanged', error: 'Error' } },
      { level: 'error', event: 'bus.listener_failed', fields: { kind: 'sessionChanged', error: 'Error' } },
    ])
  })

  it('refuses to publish an event the others would drop, and says only its kind', async () => {
    const prefix = freshPrefix()
    const one = await joinBus(prefix, 'one')
    const two = await joinBus(prefix, 'two')

    one.bus.publish({
      kind: 'closeSockets',
      match: { loginId: 'lgn_1' },
      code: 4401,
      reason: 'x'.repeat(200),
    })
    one.bus.publish(marker)
    await heardCount(two, 1, 'the marker')

    expect(two.heard).toEqual([marker])
    expect(one.log.lines).toContainEqual({
      level: 'error',
      event: 'bus.unpublishable_event',
      fields: { kind: 'closeSockets' },
    })
  })

  it('while Redis is down: publishing returns at once and never throws; after it is back, events cross again', async () => {
    const redis = await startRedis()
    cleanup.add(() => redis.stop())
    const prefix = freshPrefix()
    const one = await joinBus(prefix, 'one', redis.url)
    const two = await joinBus(prefix, 'two', redis.url)
    const events: string[] = []
    for (const { bus, id } of [one, two]) {
      bus.onDown(() => events.push(`${id} down`))
      bus.onReady(() => events.push(`${id} ready`))
    }
    expect(one.bus.healthy && two.bus.healthy).toBe(true)

    await redis.stop()
    // Before and after the clients have noticed: neither may wait on Redis.
    const took: number[] = []
    const timed = (event: BusEvent) => {
      const began = performance.now()
      one.bus.publish(event)
      took.push(performance.now() - began)
    }
    timed(sessionEnded)
    await waitFor(() => !one.bus.healthy && !two.bus.healthy, 'both buses to see Redis gone', 5_000)
    for (let i = 0; i < 20; i++) timed(everyKind[i % everyKind.length]!)
    expect(Math.max(...took)).toBeLessThan(50)
    // Each one failed at once, not after node-redis's 5 s command timeout as a queued command would.
    await waitFor(
      () => one.log.lines.filter((line) => line.event === 'bus.publish_failed').length === 21,
      'every failed publish to be logged',
      1_000,
    )
    const failures = one.log.lines.filter((line) => line.event === 'bus.publish_failed')
    // Only the kind and the error's class: no ids, no reasons, no flags.
    expect(failures.every((line) => Object.keys(line.fields).join() === 'kind,error')).toBe(true)
    expect(failures.at(-1)?.fields.error).toBe('ClientOfflineError')
    expect(one.log.text()).not.toMatch(/ses_|per_|thr_|cpl_|lgn_|flg_|walk/)
    expect(events.sort()).toEqual(['one down', 'two down'])

    await redis.start()
    await waitFor(() => events.length === 4, 'both buses to be ready again', 5_000)
    expect(events.slice(2).sort()).toEqual(['one ready', 'two ready'])
    expect(one.bus.healthy && two.bus.healthy).toBe(true)
    // What was published while Redis was away is lost (the store is the truth); what follows crosses.
    expect(two.heard).toEqual([])
    one.bus.publish(marker)
    await heardCount(two, 1, 'an event after the restart')
    expect(two.heard).toEqual([marker])
  })

  it('reconnects at most about a second apart, however long Redis is away', () => {
    const delays = Array.from({ length: 30 }, (_, retries) => reconnectDelay(retries))
    expect(delays[0]).toBeLessThan(100)
    expect(Math.max(...delays)).toBeLessThan(1_050)
    expect(delays.slice(10).every((delay) => delay >= 1_000)).toBe(true)
  })

  it('gives up on a Redis that does not answer, with a sentence and no address', async () => {
    const redis = await startRedis()
    await redis.stop()
    const log = recordingLog()
    const began = performance.now()
    await expect(
      RedisBus.connect({
        url: redis.url,
        prefix: freshPrefix(),
        instanceId: 'one',
        log,
        connectTimeoutMs: 500,
      }),
    ).rejects.toThrow(/^Redis \(REDIS_URL\) did not answer within 0.5 s/)
    expect(performance.now() - began).toBeLessThan(1_500)
  })

  it('lists the instances it hears from, and forgets one within 6 s of it stopping', async () => {
    const prefix = freshPrefix()
    const one = await joinBus(prefix, 'one')
    const two = await joinBus(prefix, 'two')
    const three = await joinBus(prefix, 'three')

    await waitFor(
      () => one.bus.peers().join() === 'three,two' && three.bus.peers().join() === 'one,two',
      'the instances to hear each other',
      5_000,
    )
    await two.bus.close()
    const closedAt = performance.now()
    await waitFor(() => one.bus.peers().join() === 'three', 'instance two to be forgotten', 8_000)
    const forgottenAfter = performance.now() - closedAt

    expect(forgottenAfter).toBeLessThan(6_200)
    // Heartbeats are 2 s apart: two was heard within the last 2 s when it stopped, so not forgotten at once.
    expect(forgottenAfter).toBeGreaterThan(3_500)
    expect(three.bus.peers()).toEqual(['one'])
  })
})
