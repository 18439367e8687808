import type { IncomingMessage } from 'node:http'
import type { Role, SyncTarget } from '@session-board/protocol'
import type * as Y from 'yjs'
import type { ChangeReport } from './changes.ts'

/**
 * The seams around the sync core, the Hocuspocus way: each concern of the product (the door, the write
 * rules, value checks, stamps, the call, the audit trail) is one extension implementing a few optional
 * hooks. They run in the order given; for a check, the first refusal wins. With no extension at all,
 * anyone may connect and write anything (the sync core's tests and the benchmark's `ours` run so);
 * `extensions/index.ts` lists the production set.
 */

/** Who is on the other end of a connection. */
export type Identity =
  | { kind: 'anonymous' }
  | {
      kind: 'person'
      role: Role
      /** The therapist's or participant's id: what the server stamps on their writes. */
      personId: string
      /** The therapist's login (cookie session), so an idle log-off can close its sockets; else null. */
      loginId: string | null
      /** The name others see in presence: the therapist's display name or the participant's confirmed one. */
      displayName: string
    }

/** One connection's person and place: who, on which session's path, which document part. */
export type Participant = {
  identity: Identity
  sessionId: string
  target: SyncTarget
  connectionId: number
}

/**
 * A refusal closes the connection with a 44xx code: the y-websocket client treats that range as
 * permanent (no reconnect loop) and hands the reason to the UI.
 */
export type Refusal = { ok: false; code: number; reason: string }

/**
 * An update or presence refusal also tells the sender why, in a refusal message, before the close.
 * `rule` is the stable code the client reads; `detail` (structural, never content) goes to the audit.
 */
export type UpdateRefusal = Refusal & { rule: string; detail?: string }

/** A change the server makes itself (a new session's setup, a migration): stored, then relayed. */
export type ServerWrite = (doc: Y.Doc) => void

/**
 * An accepted connection, and the document it opens when that is not simply the one its path names
 * (several paths may open one shared document).
 */
export type Authentication = { ok: true; identity: Identity; documentName?: string } | Refusal

/**
 * An update a person sent, as the checks see it: not yet in the document. `changes()` resolves it to
 * the records and fields it touches against the document alone (every accepted update is applied at
 * once), the first time any extension asks; the rest read the same answer.
 */
export type IncomingUpdate = {
  who: Participant
  documentName: string
  doc: Y.Doc
  update: Uint8Array
  changes: () => ChangeReport
}

/** A record an accepted update touched, as the stamps name it: who, and whether the update created it. */
export type StampedRecord = {
  root: string
  recordId: string | null
  created: boolean
  author: { id: string; role: Role }
}

/** The stamps one accepted update owes, and within how many ms they are to be written. */
export type StampRequest = { dueInMs: number; records: StampedRecord[] }

/** An accepted update once it is stored under its seq (its stamps follow in a row of their own). */
export type StoredUpdate = IncomingUpdate & { seq: number }

/**
 * One awareness entry a connection publishes for its own client id (the core has checked that), decoded;
 * a null state removes it. Whatever the extensions return is re-encoded, stored in awareness and relayed.
 */
export type PresenceEntry = { clientId: number; clock: number; state: Record<string, unknown> | null }

export type PresenceAuthorization = { ok: true; entries: PresenceEntry[] } | UpdateRefusal

/** Something refused at the door, in an update or in a presence frame: for the audit trail. */
export type RefusalEvent = { kind: 'update' | 'presence'; who: Participant; rule: string; detail: string }

export interface SyncExtension {
  readonly name: string
  /**
   * Before any other work on an upgrade: 0 lets it on, else how long (ms) this client must wait; the
   * upgrade is then answered 429 with Retry-After.
   */
  throttle?(request: IncomingMessage): number
  /** Who is connecting; the first extension that has this hook decides. */
  authenticate?(request: IncomingMessage, sessionId: string, target: SyncTarget): Promise<Authentication>
  /** A connection was accepted and joined its document, or left it. */
  onJoin?(who: Participant): void
  onLeave?(who: Participant): void
  /** Synchronous and store-free: the fast path runs it for every edit. Null lets the update on. */
  checkUpdate?(incoming: IncomingUpdate): UpdateRefusal | null
  /**
   * The server's own changes for an accepted update (who created and who last changed a record), worked
   * out before it goes in. They are coalesced: `dueInMs` says how soon they must be written (0: at once,
   * in the update's own row); null if the update needs none.
   */
  stampsFor?(incoming: IncomingUpdate): StampRequest | null
  /**
   * Writes the stamps owed for every update accepted since the last time, in order, in one server
   * transaction: one stored row and one relayed frame for all of them, not a second row per edit (or,
   * when some are due at once, in the row of the update that made them due).
   */
  writeStamps?(records: readonly StampedRecord[], doc: Y.Doc): void
  /** After an accepted update is stored: side effects (the call following the floor, activity). */
  afterStore?(stored: StoredUpdate): void
  /** A presence frame that changes the sender's own state, after the core's own checks; may rewrite it. */
  checkPresence?(who: Participant, entries: readonly PresenceEntry[]): PresenceAuthorization
  /** Anything refused, by the core or an extension. */
  onRefused?(refusal: RefusalEvent): void
}

/** The extensions of one server, run in order. */
export class Extensions {
  readonly #list: readonly SyncExtension[]
  readonly #authenticator: SyncExtension | undefined
  /** Whether any extension stamps accepted updates. */
  readonly stamps: boolean
  /** Whether an extension reads an update's changes after it is applied (after-store hooks). */
  readonly readChangesLater: boolean

  constructor(list: readonly SyncExtension[]) {
    this.#list = list
    this.#authenticator = list.find((extension) => extension.authenticate)
    this.stamps = list.some((extension) => extension.stampsFor && extension.writeStamps)
    this.readChangesLater = list.some((extension) => extension.afterStore)
  }

  throttle(request: IncomingMessage): number {
    for (const extension of this.#list) {
      const waitMs = extension.throttle?.(request) ?? 0
      if (waitMs > 0) return waitMs
    }
    return 0
  }

  authenticate(request: IncomingMessage, sessionId: string, target: SyncTarget): Promise<Authentication> {
    const door = this.#authenticator?.authenticate
    if (!door) return Promise.resolve({ ok: true, identity: { kind: 'anonymous' } })
    return door.call(this.#authenticator, request, sessionId, target)
  }

  onJoin(who: Participant): void {
    for (const extension of this.#list) extension.onJoin?.(who)
  }

  onLeave(who: Participant): void {
    for (const extension of this.#list) extension.onLeave?.(who)
  }

  checkUpdate(incoming: IncomingUpdate): UpdateRefusal | null {
    for (const extension of this.#list) {
      const refusal = extension.checkUpdate?.(incoming) ?? null
      if (refusal) return refusal
    }
    return null
  }

  /** The stamps this update owes across the extensions, due when the soonest of them wants; or null. */
  stampsFor(incoming: IncomingUpdate): StampRequest | null {
    let request: StampRequest | null = null
    for (const extension of this.#list) {
      const own = extension.stampsFor?.(incoming) ?? null
      if (!own) continue
      if (!request) request = { dueInMs: own.dueInMs, records: [...own.records] }
      else {
        request.dueInMs = Math.min(request.dueInMs, own.dueInMs)
        request.records.push(...own.records)
      }
    }
    return request
  }

  writeStamps(records: readonly StampedRecord[], doc: Y.Doc): void {
    for (const extension of this.#list) extension.writeStamps?.(records, doc)
  }

  afterStore(stored: StoredUpdate): void {
    for (const extension of this.#list) extension.afterStore?.(stored)
  }

  checkPresence(who: Participant, entries: readonly PresenceEntry[]): PresenceAuthorization {
    let admitted: PresenceEntry[] = [...entries]
    for (const extension of this.#list) {
      if (!extension.checkPresence) continue
      const verdict = extension.checkPresence(who, admitted)
      if (!verdict.ok) return verdict
      admitted = verdict.entries
    }
    return { ok: true, entries: admitted }
  }

  refused(refusal: RefusalEvent): void {
    for (const extension of this.#list) extension.onRefused?.(refusal)
  }
}

/**
 * The key a document is stored and loaded under when the door names none (the sync core's open rooms):
 * the board by the path's id, the notes apart, and each partner's private scores apart again (`role`
 * says whose). The production door names the couple's document for every session's board.
 */
export function documentName(sessionId: string, target: SyncTarget, role: Role | null = null): string {
  // ':' is not allowed in a session id, so a notes or scores key can never collide with a board.
  // The door lets only partners open scores; anyone else (the open rooms' anonymous peers) gets a dead end.
  if (target === 'scores') return `${sessionId}:scores:${role ?? 'anonymous'}`
  return target === 'board' ? sessionId : `${sessionId}:notes`
}
