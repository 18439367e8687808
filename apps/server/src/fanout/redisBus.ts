import { flagRecordSchema } from '@session-board/protocol'
import { createClient } from 'redis'
import { z } from 'zod'
import type { AlertEvent } from '../access/alerts.ts'
import type { Bus, BusEvent } from '../access/bus.ts'
import type { Logger } from '../log.ts'
import { errorKind } from '../log.ts'

const id = z.string().min(1).max(128)
/** As INSTANCE_ID allows it (env.ts). */
export const instanceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)

const alertEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('flag'), coupleId: id, flag: flagRecordSchema }),
  z.object({ kind: z.literal('acknowledged'), coupleId: id, flagId: id }),
  z.object({ kind: z.literal('loginEnded'), loginId: id }),
])

/** Every kind of `BusEvent`, as another instance may send it. */
export const busEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('closeSockets'),
    match: z.union([z.object({ personIds: z.array(id).max(1000).readonly() }), z.object({ loginId: id })]),
    code: z.number().int().min(1000).max(4999),
    // A websocket close reason is at most 123 bytes; ours are short fixed sentences.
    reason: z.string().max(123),
  }),
  z.object({ kind: z.literal('sessionChanged'), sessionId: id, live: z.boolean() }),
  z.object({ kind: z.literal('alert'), therapistId: id, event: alertEventSchema }),
])

// The schemas and the types in access/ must describe the same events, both ways: a kind added there
// and not here fails to compile instead of being dropped on every other instance.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const eventsAgree: Same<z.infer<typeof busEventSchema>, BusEvent> = true
const alertsAgree: Same<z.infer<typeof alertEventSchema>, AlertEvent> = true
void [eventsAgree, alertsAgree]

const accessMessageSchema = z.object({ v: z.literal(1), from: instanceIdSchema, event: busEventSchema })
const heartbeatSchema = z.object({ v: z.literal(1), from: instanceIdSchema, at: z.number() })

/** Our events are a few hundred bytes; anything far larger is not one of ours. */
const MAX_MESSAGE_CHARS = 64 * 1024

export type RedisBusOptions = {
  /** `redis://…` or `rediss://…`, as REDIS_URL gives it. */
  url: string
  /** REDIS_PREFIX: deployments (and test files) sharing one Redis keep apart by it. */
  prefix: string
  /** INSTANCE_ID: this instance's own messages are skipped when they come back. */
  instanceId: string
  log: Logger
  /** How long `connect` waits for Redis before it gives up (default 10 s). */
  connectTimeoutMs?: number
  /** How often this instance says it is alive (default 2 s). */
  heartbeatMs?: number
  /** How long an instance counts as alive after its last heartbeat (default 6 s: three missed). */
  peerTtlMs?: number
}

/**
 * How long to wait before the next reconnection attempt: doubling from 50 ms, capped at 1 s so an
 * instance is back within about a second of Redis, with a little jitter so many instances do not
 * knock at the same moment. It never gives up: Redis coming back late is still Redis coming back.
 */
export function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, 1_000) + Math.floor(Math.random() * 50)
}

/** Publishing fails at once while Redis is away; `duplicate()` gives the subscriber the same settings. */
function redisClient(url: string) {
  return createClient({
    url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: reconnectDelay, connectTimeout: 2_000 },
  })
}
type RedisClient = ReturnType<typeof redisClient>

/**
 * The bus between instances over Redis pub/sub, on `${prefix}:bus:access`, with its heartbeats on
 * `${prefix}:bus:instances` (apart from the fan-out's channels). Pub/sub delivers at most once, to
 * whoever is subscribed at that moment; that is enough because the truth is in PostgreSQL: an
 * instance that was cut off hears `onReady` when it is back and catches up from the store.
 *
 * One client publishes and fails fast while Redis is away (no offline queue: a queued event would
 * arrive late and out of date); a dedicated one subscribes, since a subscribed connection can send
 * nothing else. Both reconnect by themselves, and the subscriber subscribes again before it is ready.
 */
export class RedisBus implements Bus {
  readonly #publisher: RedisClient
  readonly #subscriber: RedisClient
  readonly #log: Logger
  readonly #instanceId: string
  readonly #accessChannel: string
  readonly #instancesChannel: string
  readonly #peerTtlMs: number
  readonly #listeners = new Set<(event: BusEvent) => void>()
  readonly #readyListeners = new Set<() => void>()
  readonly #downListeners = new Set<() => void>()
  /** When each other instance was last heard from (performance.now(), not wall time). */
  readonly #heardFrom = new Map<string, number>()
  #heartbeat: NodeJS.Timeout | undefined
  #started = false
  #closed = false
  #healthy = false

  private constructor(publisher: RedisClient, subscriber: RedisClient, options: RedisBusOptions) {
    this.#publisher = publisher
    this.#subscriber = subscriber
    this.#log = options.log
    this.#instanceId = options.instanceId
    this.#accessChannel = `${options.prefix}:bus:access`
    this.#instancesChannel = `${options.prefix}:bus:instances`
    this.#peerTtlMs = options.peerTtlMs ?? 6_000
    for (const [role, client] of [
      ['publisher', publisher],
      ['subscriber', subscriber],
    ] as const) {
      // Without an 'error' listener a lost connection would crash the process. The client retries by
      // itself (an error on each failed attempt), so an error only changes our health. Its kind is
      // enough for the log: the message names the host.
      client.on('error', (error: unknown) => this.#checkHealth(`${role} ${failureKind(error)}`))
      client.on('ready', () => this.#checkHealth())
      client.on('end', () => this.#checkHealth())
    }
  }

  /** Connects both clients and subscribes; rejects if Redis does not answer in time. */
  static async connect(options: RedisBusOptions): Promise<RedisBus> {
    if (!instanceIdSchema.safeParse(options.instanceId).success) {
      throw new Error('The instance id must be 1 to 64 letters, digits, "-" or "_".')
    }
    const publisher = redisClient(options.url)
    const subscriber = publisher.duplicate()
    const bus = new RedisBus(publisher, subscriber, options)
    const timeoutMs = options.connectTimeoutMs ?? 10_000
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        Promise.all([publisher.connect(), subscriber.connect()]),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)
        }),
      ])
      await subscriber.subscribe([bus.#accessChannel, bus.#instancesChannel], (message, channel) =>
        bus.#receive(message, channel),
      )
    } catch (error) {
      publisher.destroy()
      subscriber.destroy()
      throw new Error(
        `Redis (REDIS_URL) did not answer within ${timeoutMs / 1000} s; is it running and reachable?`,
        { cause: error },
      )
    } finally {
      clearTimeout(timer)
    }
    // Up from the start: `onReady` is for coming back, and nobody can have listened yet anyway.
    bus.#started = true
    bus.#healthy = publisher.isReady && subscriber.isReady
    bus.#beat()
    bus.#heartbeat = setInterval(() => bus.#beat(), options.heartbeatMs ?? 2_000)
    bus.#heartbeat.unref()
    return bus
  }

  /** Both connections are up: events go out and come in. */
  get healthy(): boolean {
    return this.#healthy
  }

  /** Sends an event to the other instances. Never throws and never waits: a failure is logged. */
  publish(event: BusEvent): void {
    const checked = busEventSchema.safeParse(event)
    if (!checked.success) {
      // A bug on our side; the other instances would drop it anyway.
      this.#log.error('bus.unpublishable_event', { kind: event.kind })
      return
    }
    const message = JSON.stringify({ v: 1, from: this.#instanceId, event: checked.data })
    this.#send(this.#accessChannel, message).catch((error: unknown) => {
      this.#log.warn('bus.publish_failed', { kind: event.kind, error: failureKind(error) })
    })
  }

  subscribe(listener: (event: BusEvent) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * Called each time the bus is back after being down (not at the first connection): events may have
   * been missed meanwhile, so this is when the instance catches up from PostgreSQL.
   */
  onReady(listener: () => void): () => void {
    this.#readyListeners.add(listener)
    return () => this.#readyListeners.delete(listener)
  }

  /** Called each time the bus goes down (a connection to Redis was lost). */
  onDown(listener: () => void): () => void {
    this.#downListeners.add(listener)
    return () => this.#downListeners.delete(listener)
  }

  /** The other instances heard from within the last few seconds, in name order. */
  peers(): string[] {
    const cutoff = performance.now() - this.#peerTtlMs
    return [...this.#heardFrom]
      .filter(([, heardAt]) => heardAt >= cutoff)
      .map(([peer]) => peer)
      .sort()
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#heartbeat)
    this.#healthy = false
    // close() waits for the commands already sent; while Redis is away nothing is coming back, and a
    // connection that died without a word gets one second before it is dropped.
    await Promise.all(
      [this.#publisher, this.#subscriber].map(async (client) => {
        if (!client.isOpen) return
        if (!client.isReady) return client.destroy()
        const dropLater = setTimeout(() => client.destroy(), 1_000)
        await client.close()
        clearTimeout(dropLater)
      }),
    )
  }

  async #send(channel: string, message: string): Promise<void> {
    // Sent while the connection is down, it is rejected at once (disableOfflineQueue); sent on one that
    // just died, when the client notices; on one that died without a word, after node-redis's command
    // timeout (5 s). Either way the caller has long returned.
    await this.#publisher.publish(channel, message)
  }

  #beat(): void {
    const message = JSON.stringify({ v: 1, from: this.#instanceId, at: Date.now() })
    // Failures are not logged one by one: the bus going down is logged once, and a beat is every 2 s.
    this.#send(this.#instancesChannel, message).catch(() => {})
    const forgotten = performance.now() - this.#peerTtlMs
    for (const [peer, heardAt] of this.#heardFrom) if (heardAt < forgotten) this.#heardFrom.delete(peer)
  }

  #receive(message: string, channel: string): void {
    // Nothing from the message is logged: an alert carries a couple's flag, and a message that fails
    // to parse could be anything.
    const parsed = message.length <= MAX_MESSAGE_CHARS ? parseJson(message) : undefined
    if (channel === this.#instancesChannel) {
      const heartbeat = heartbeatSchema.safeParse(parsed)
      if (!heartbeat.success) return this.#log.warn('bus.malformed_message', { channel: 'instances' })
      if (heartbeat.data.from !== this.#instanceId)
        this.#heardFrom.set(heartbeat.data.from, performance.now())
      return
    }
    const received = accessMessageSchema.safeParse(parsed)
    if (!received.success) return this.#log.warn('bus.malformed_message', { channel: 'access' })
    if (received.data.from === this.#instanceId) return
    const event: BusEvent = received.data.event
    for (const listener of this.#listeners) {
      try {
        listener(event)
      } catch (error) {
        this.#log.error('bus.listener_failed', { kind: event.kind, error: failureKind(error) })
      }
    }
  }

  /** `cause`: which connection failed and how, for the log line when that takes the bus down. */
  #checkHealth(cause?: string): void {
    if (!this.#started || this.#closed) return
    const healthy = this.#publisher.isReady && this.#subscriber.isReady
    if (healthy === this.#healthy) return
    this.#healthy = healthy
    if (healthy) this.#log.info('bus.ready')
    else this.#log.warn('bus.down', { cause })
    for (const listener of healthy ? this.#readyListeners : this.#downListeners) {
      try {
        listener()
      } catch (error) {
        this.#log.error('bus.listener_failed', {
          kind: healthy ? 'ready' : 'down',
          error: failureKind(error),
        })
      }
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/**
 * `errorKind` with node-redis's class names (ClientOfflineError, SocketClosedUnexpectedlyError), which
 * it does not put in `name`. Never the message: a Redis error reply may quote a command's arguments.
 */
function failureKind(error: unknown): string {
  const kind = errorKind(error)
  const className = error instanceof Error ? error.constructor.name : ''
  if (!kind.startsWith('Error') || !/^[A-Za-z]\w{0,39}$/.test(className)) return kind
  return className + kind.slice('Error'.length)
}
