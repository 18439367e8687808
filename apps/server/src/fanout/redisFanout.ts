import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { createClient } from 'redis'
import type { Logger } from '../log.ts'
import { errorMessage } from '../log.ts'
import type { ClientOwner } from '../store/types.ts'
import type { Fanout, FanoutListener, RemoteRow } from '../sync/fanout.ts'

/** The first byte of every message: a receiver drops what it cannot read. */
const VERSION = 1
const ROW = 0
const PRESENCE = 1
const HEARTBEAT = 2
const PRESENCE_ASK = 3

const HEARTBEAT_MS = 2_000
/** An instance not heard from for this long is gone (a SIGKILLed one says nothing). */
const SILENT_AFTER_MS = 6_000
/** node-redis tries again at once, then backs off to this. */
const MAX_RECONNECT_WAIT_MS = 1_000

type RedisClient = ReturnType<typeof createClient>

/**
 * The fan-out over Redis pub/sub. Redis carries only news: every row is in PostgreSQL with its seq
 * before it is published here, so a message lost (pub/sub delivers at most once) or a Redis restart
 * only delays it until the registry catches up from the store.
 *
 * Channels: `{prefix}:doc:{name}` per loaded document (rows and presence), `{prefix}:instances` for
 * heartbeats. Messages are lib0-encoded binary, version first:
 *   row       [1][0][instanceId][seq][update][claims: n × (clientId, owner)]
 *   presence  [1][1][instanceId][awareness update]
 *   heartbeat [1][2][instanceId]
 *   asking    [1][3][instanceId]  (an instance that just opened the document asks for the presence there)
 */
export class RedisFanout implements Fanout {
  readonly instanceId: string
  #prefix: string
  #log: Logger
  #publisher: RedisClient
  #subscriber: RedisClient
  #listeners = new Map<string, FanoutListener>()
  /** The document channels this instance is subscribed to. */
  #subscribed = new Set<string>()
  /** Per document channel, the last subscribe or unsubscribe asked for (see #inTurn). */
  #channelSteps = new Map<string, Promise<void>>()
  #heardFrom = new Map<string, number>()
  #reconnectListeners: Array<() => void> = []
  #heartbeat: NodeJS.Timeout | null = null
  #closed = false

  private constructor(options: { url: string; prefix: string; instanceId: string; log: Logger }) {
    this.instanceId = options.instanceId
    this.#prefix = options.prefix
    this.#log = options.log
    const reconnectStrategy = (retries: number) => Math.min(retries * 100, MAX_RECONNECT_WAIT_MS)
    // Publishing fails at once while Redis is away, instead of queueing: the row is stored already.
    this.#publisher = createClient({
      url: options.url,
      disableOfflineQueue: true,
      socket: { reconnectStrategy },
    })
    this.#subscriber = this.#publisher.duplicate({ disableOfflineQueue: false })
    for (const [role, client] of [
      ['publisher', this.#publisher],
      ['subscriber', this.#subscriber],
    ] as const) {
      // node-redis reconnects by itself; an error event must not become an uncaught exception.
      client.on('error', (error: unknown) =>
        this.#log.debug('fanout.redis_error', { role, error: errorMessage(error) }),
      )
    }
  }

  static async connect(options: {
    url: string
    prefix: string
    instanceId: string
    log: Logger
  }): Promise<RedisFanout> {
    const fanout = new RedisFanout(options)
    await Promise.all([fanout.#publisher.connect(), fanout.#subscriber.connect()])
    let first = true
    fanout.#subscriber.on('ready', () => {
      // The first ready is the connection above; each later one follows a lost connection.
      if (first) return
      fanout.#log.info('fanout.reconnected', {})
      for (const listener of fanout.#reconnectListeners) listener()
    })
    first = false
    await fanout.#subscriber.subscribe(
      fanout.#channel('instances'),
      (message) => fanout.#receive(null, message),
      true,
    )
    fanout.#heartbeat = setInterval(
      () => fanout.#publish(fanout.#channel('instances'), fanout.#header(HEARTBEAT)),
      HEARTBEAT_MS,
    )
    fanout.#heartbeat.unref()
    fanout.#publish(fanout.#channel('instances'), fanout.#header(HEARTBEAT))
    return fanout
  }

  get healthy(): boolean {
    return this.#publisher.isReady && this.#subscriber.isReady
  }

  async join(name: string, listener: FanoutListener): Promise<void> {
    this.#listeners.set(name, listener)
    await this.#inTurn(name, async () => {
      if (this.#subscribed.has(name) || !this.#listeners.has(name) || this.#closed) return
      await this.#subscriber.subscribe(
        this.#channel(`doc:${name}`),
        (message) => this.#receive(name, message),
        true,
      )
      this.#subscribed.add(name)
    })
  }

  leave(name: string): void {
    if (!this.#listeners.delete(name) || this.#closed) return
    this.#inTurn(name, async () => {
      // Opened again meanwhile (an eviction followed at once by a load): the subscription stays.
      if (this.#listeners.has(name) || !this.#subscribed.has(name) || this.#closed) return
      this.#subscribed.delete(name)
      await this.#subscriber.unsubscribe(this.#channel(`doc:${name}`))
    }).catch((error: unknown) => this.#log.debug('fanout.unsubscribe_failed', { error: errorMessage(error) }))
  }

  /**
   * Subscribing and unsubscribing one document's channel take turns. node-redis drops every listener
   * of a channel when an UNSUBSCRIBE is answered; one still in flight when the document loads again
   * would otherwise take the new listener with it, and that instance would hear nothing more of it.
   */
  #inTurn(name: string, step: () => Promise<void>): Promise<void> {
    const before = this.#channelSteps.get(name) ?? Promise.resolve()
    const next = before.then(step, step)
    const settled = next.then(
      () => {},
      () => {},
    )
    this.#channelSteps.set(name, settled)
    void settled.then(() => {
      if (this.#channelSteps.get(name) === settled) this.#channelSteps.delete(name)
    })
    return next
  }

  publishRow(name: string, { seq, update, claims }: RemoteRow): void {
    const encoder = this.#encoder(ROW)
    encoding.writeVarUint(encoder, seq)
    encoding.writeVarUint8Array(encoder, update)
    encoding.writeVarUint(encoder, claims.length)
    for (const { clientId, owner } of claims) {
      encoding.writeVarUint(encoder, clientId)
      encoding.writeVarString(encoder, owner)
    }
    this.#publish(this.#channel(`doc:${name}`), encoding.toUint8Array(encoder))
  }

  publishPresence(name: string, update: Uint8Array): void {
    const encoder = this.#encoder(PRESENCE)
    encoding.writeVarUint8Array(encoder, update)
    this.#publish(this.#channel(`doc:${name}`), encoding.toUint8Array(encoder))
  }

  askPresence(name: string): void {
    this.#publish(this.#channel(`doc:${name}`), this.#header(PRESENCE_ASK))
  }

  peers(): ReadonlySet<string> {
    const since = Date.now() - SILENT_AFTER_MS
    return new Set([...this.#heardFrom].filter(([, at]) => at >= since).map(([id]) => id))
  }

  onReconnect(listener: () => void): void {
    this.#reconnectListeners.push(listener)
  }

  async close(): Promise<void> {
    this.#closed = true
    if (this.#heartbeat) clearInterval(this.#heartbeat)
    this.#listeners.clear()
    await Promise.allSettled([this.#publisher.close(), this.#subscriber.close()])
  }

  #channel(suffix: string): string {
    return `${this.#prefix}:${suffix}`
  }

  #encoder(kind: number): encoding.Encoder {
    const encoder = encoding.createEncoder()
    encoding.writeUint8(encoder, VERSION)
    encoding.writeUint8(encoder, kind)
    encoding.writeVarString(encoder, this.instanceId)
    return encoder
  }

  #header(kind: number): Uint8Array {
    return encoding.toUint8Array(this.#encoder(kind))
  }

  #publish(channel: string, message: Uint8Array): void {
    if (this.#closed || !this.#publisher.isReady) return
    this.#publisher
      .publish(channel, Buffer.from(message.buffer, message.byteOffset, message.byteLength))
      .catch((error: unknown) => this.#log.debug('fanout.publish_failed', { error: errorMessage(error) }))
  }

  #receive(name: string | null, message: Buffer): void {
    let from: string
    let kind: number
    const decoder = decoding.createDecoder(
      new Uint8Array(message.buffer, message.byteOffset, message.byteLength),
    )
    try {
      if (decoding.readUint8(decoder) !== VERSION) throw new Error('unknown version')
      kind = decoding.readUint8(decoder)
      from = decoding.readVarString(decoder)
    } catch {
      this.#log.warn('fanout.malformed_message', { bytes: message.byteLength })
      return
    }
    if (from === this.instanceId) return
    this.#heardFrom.set(from, Date.now())
    if (name === null || kind === HEARTBEAT) return
    const listener = this.#listeners.get(name)
    if (!listener) return
    try {
      if (kind === ROW) listener.row(readRow(decoder))
      else if (kind === PRESENCE) listener.presence(from, decoding.readVarUint8Array(decoder))
      else if (kind === PRESENCE_ASK) listener.presenceAsked()
    } catch (error) {
      // The kind only: an update's content could be quoted by an error message.
      this.#log.warn('fanout.message_failed', {
        kind,
        error: error instanceof Error ? error.name : 'unknown',
      })
    }
  }
}

function readRow(decoder: decoding.Decoder): RemoteRow {
  const seq = decoding.readVarUint(decoder)
  // A copy: the message's buffer belongs to the Redis client.
  const update = decoding.readVarUint8Array(decoder).slice()
  const claims: ClientOwner[] = []
  for (let count = decoding.readVarUint(decoder); count > 0; count--) {
    claims.push({ clientId: decoding.readVarUint(decoder), owner: decoding.readVarString(decoder) })
  }
  return { seq, update, claims }
}
