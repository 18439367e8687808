import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { Awareness } from 'y-protocols/awareness'
import { SYNC_CLOSE } from '@session-board/protocol'
import type { Logger } from '../log.ts'
import { ANONYMOUS_OWNER } from './authorship.ts'
import type { Connection } from './connection.ts'
import type { Extensions, Identity, Participant, PresenceEntry, UpdateRefusal } from './extension.ts'

/**
 * Limits on presence (awareness) frames. Measured with the web app's state (name, role, colour, canvas
 * cursor): 127 bytes with a pointer only, 3.2 kB with 100 selected shapes (the schema's most, tldraw ids),
 * 8.5 kB if every selected id had the schema's longest length.
 */
export const PRESENCE_LIMITS = {
  /**
   * A whole frame. Larger than one state: the y-websocket client echoes every remote change back, so on
   * joining it sends everyone's states in one frame.
   */
  frameBytes: 64 * 1024,
  /** One state, as JSON. */
  stateBytes: 10 * 1024,
  /** Frames that change the sender's own state: a moving pointer sends about 20 a second (50 ms throttle). */
  perSecond: 60,
  burst: 120,
  /** At most one log line per connection this often about the frames dropped for their rate. */
  reportEveryMs: 10_000,
} as const

/** One awareness frame from a client: its entries, or none when it is too large to be read at all. */
export type PresenceFrame = { bytes: number; entries: DecodedPresence[] | null }
type DecodedPresence = PresenceEntry & { stateBytes: number }

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Decodes an awareness update in full, or throws: the frame is then malformed like any other. */
export function decodePresenceFrame(update: Uint8Array): PresenceFrame {
  const bytes = update.byteLength
  if (bytes > PRESENCE_LIMITS.frameBytes) return { bytes, entries: null }
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const entries: DecodedPresence[] = []
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const text = decoding.readVarUint8Array(decoder)
    const state: unknown = JSON.parse(utf8.decode(text))
    if (state !== null && (typeof state !== 'object' || Array.isArray(state)))
      throw new Error('a presence state is a JSON object or null')
    entries.push({ clientId, clock, state: state as PresenceEntry['state'], stateBytes: text.byteLength })
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the presence entries')
  return { bytes, entries }
}

/** An awareness update (y-protocols' encoding) of exactly these entries. */
export function encodePresence(entries: readonly PresenceEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId)
    encoding.writeVarUint(encoder, clock)
    encoding.writeVarString(encoder, JSON.stringify(state))
  }
  return encoding.toUint8Array(encoder)
}

/** What to do with a frame: apply this update (null: nothing to apply), or refuse and close. */
export type PresenceVerdict = { ok: true; update: Uint8Array | null } | UpdateRefusal

const coreRefusals = {
  presence_forged: 'You can change only your own presence.',
  presence_too_large: 'That presence update was too large, so it was refused.',
} as const
type CoreRule = keyof typeof coreRefusals

/** A token bucket per connection, and the frames it dropped since its last log line. */
type Budget = { tokens: number; at: number; dropped: number; reportedAt: number }

/**
 * The core's presence rules for one document. A connection owns one awareness client id: the first it
 * publishes that no other connection holds (or that its own person held on a connection not yet seen
 * closed: a reconnect). It can set and remove that state only. An entry for someone else's id that
 * changes nothing is skipped: the y-websocket client echoes every remote change back, and removes a
 * peer it has not heard from in 30 s at the clock it last saw. An entry that would change someone
 * else's state is forged and refused. Frames over the rate are dropped, not relayed.
 */
export class PresenceGuard {
  #awareness: Awareness
  #connections: ReadonlySet<Connection>
  #log: Logger
  #budgets = new Map<Connection, Budget>()

  #writerOf: (clientId: number) => string | undefined

  constructor(
    awareness: Awareness,
    connections: ReadonlySet<Connection>,
    log: Logger,
    writerOf: (clientId: number) => string | undefined,
  ) {
    this.#awareness = awareness
    this.#connections = connections
    this.#log = log
    this.#writerOf = writerOf
  }

  admit(from: Connection, frame: PresenceFrame, extensions: Extensions): PresenceVerdict {
    const context = from.participant
    if (frame.entries === null) return this.#refuse(context, frame, 'presence_too_large', extensions)
    const own: PresenceEntry[] = []
    for (const { stateBytes, ...entry } of frame.entries) {
      const owned = from.controlledClients.has(entry.clientId)
      if (!(owned ? this.#changes(entry) : this.#advances(entry))) continue
      if (!owned && !this.#claim(from, entry.clientId))
        return this.#refuse(context, frame, 'presence_forged', extensions)
      if (stateBytes > PRESENCE_LIMITS.stateBytes)
        return this.#refuse(context, frame, 'presence_too_large', extensions)
      own.push(entry)
    }
    if (own.length === 0 || !this.#withinRate(from)) return { ok: true, update: null }
    const verdict = extensions.checkPresence(context, own)
    if (!verdict.ok) {
      this.#logRefusal(context, frame, verdict.rule)
      extensions.refused({ kind: 'presence', who: context, rule: verdict.rule, detail: verdict.detail ?? '' })
      return verdict
    }
    return { ok: true, update: verdict.entries.length > 0 ? encodePresence(verdict.entries) : null }
  }

  /** The connection left: its rate budget goes, with a last count of what it dropped. */
  release(connection: Connection): void {
    const budget = this.#budgets.get(connection)
    this.#budgets.delete(connection)
    if (budget && budget.dropped > 0) this.#reportDropped(connection, budget)
  }

  /** Mirrors y-protocols' applyAwarenessUpdate: a newer clock, or a removal at the same clock. */
  #changes(entry: PresenceEntry): boolean {
    const current = this.#awareness.meta.get(entry.clientId)?.clock ?? 0
    if (entry.clock > current) return true
    return entry.clock === current && entry.state === null && this.#awareness.states.has(entry.clientId)
  }

  #advances(entry: PresenceEntry): boolean {
    const meta = this.#awareness.meta.get(entry.clientId)
    // A client id published for the first time: y-websocket's first state is at clock 0.
    if (!meta) return entry.state !== null
    return entry.clock > meta.clock
  }

  /**
   * Whether `from` may take `clientId` as its own. An awareness client id is the client's Yjs id: one
   * that somebody writes under in the document is that person's alone, and theirs to take back from
   * whoever holds it (someone who read it in the document's state vector and published under it first).
   * Otherwise the first connection to publish it holds it, and the same person's next connection (a
   * reconnect) may take it over.
   */
  #claim(from: Connection, clientId: number): boolean {
    if (from.controlledClients.size > 0) return false
    const writer = this.#writerOf(clientId)
    const person = from.identity.kind === 'person' ? from.identity.personId : ANONYMOUS_OWNER
    if (writer !== undefined && writer !== person) return false
    let holder: Connection | null = null
    for (const connection of this.#connections) {
      if (connection !== from && connection.controlledClients.has(clientId)) holder = connection
    }
    if (holder && writer === undefined && !samePerson(holder.identity, from.identity)) return false
    holder?.controlledClients.delete(clientId)
    from.controlledClients.add(clientId)
    return true
  }

  #withinRate(from: Connection): boolean {
    const now = performance.now()
    let budget = this.#budgets.get(from)
    if (!budget) {
      budget = { tokens: PRESENCE_LIMITS.burst, at: now, dropped: 0, reportedAt: -Infinity }
      this.#budgets.set(from, budget)
    }
    const refill = ((now - budget.at) * PRESENCE_LIMITS.perSecond) / 1000
    budget.tokens = Math.min(PRESENCE_LIMITS.burst, budget.tokens + refill)
    budget.at = now
    if (budget.tokens >= 1) {
      budget.tokens--
      return true
    }
    budget.dropped++
    if (now - budget.reportedAt >= PRESENCE_LIMITS.reportEveryMs) {
      budget.reportedAt = now
      this.#reportDropped(from, budget)
    }
    return false
  }

  #reportDropped(connection: Connection, budget: Budget): void {
    this.#log.warn('sync.presence_throttled', {
      connection: connection.id,
      sessionId: connection.sessionId,
      dropped: budget.dropped,
    })
    budget.dropped = 0
  }

  #refuse(context: Participant, frame: PresenceFrame, rule: CoreRule, extensions: Extensions): UpdateRefusal {
    this.#logRefusal(context, frame, rule)
    extensions.refused({ kind: 'presence', who: context, rule, detail: '' })
    return { ok: false, code: SYNC_CLOSE.refused.code, reason: coreRefusals[rule], rule }
  }

  #logRefusal(context: Participant, frame: PresenceFrame, rule: string): void {
    this.#log.info('sync.presence_refused', {
      connection: context.connectionId,
      sessionId: context.sessionId,
      rule,
      bytes: frame.bytes,
    })
  }
}

/** A reconnecting client may take its id over from its own earlier connection; anonymous peers never. */
function samePerson(a: Identity, b: Identity): boolean {
  return a.kind === 'person' && b.kind === 'person' && a.personId === b.personId
}
