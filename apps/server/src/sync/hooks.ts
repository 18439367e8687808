import type { IncomingMessage } from 'node:http'
import type { Role, SyncTarget } from '@session-board/protocol'
import type * as Y from 'yjs'
import type { AuthorshipCheck } from './authorship.ts'

/**
 * The seams around the sync core, Hocuspocus style. `openHooks` lets anyone in and write anything (the
 * tests of the sync core and the benchmark use it); `access/syncHooks.ts` is the production set: it
 * checks the token or cookie before the websocket is accepted and applies the role write rules of
 * ARCHITECTURE.md to every update before it is persisted.
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

/**
 * A refusal closes the connection with a 44xx code: the y-websocket client treats that range as
 * permanent (no reconnect loop) and hands the reason to the UI.
 */
export type Refusal = { ok: false; code: number; reason: string }

/** An update refusal also tells the sender why, in a refusal message, before the close. */
export type UpdateRefusal = Refusal & { rule: string }

/** A change the server makes itself once an accepted update is stored, e.g. stamping its author. */
export type ServerWrite = (doc: Y.Doc) => void

/**
 * An accepted connection, and the document it opens when that is not simply the one its path names
 * (several paths may open one shared document).
 */
export type Authentication = { ok: true; identity: Identity; documentName?: string } | Refusal
export type Authorization = { ok: true; afterStored: ServerWrite | null } | UpdateRefusal

export type UpdateContext = {
  identity: Identity
  sessionId: string
  target: SyncTarget
  connectionId: number
  doc: Y.Doc
  /** Updates already accepted for this document but not yet stored (and so not yet in `doc`). */
  pending: readonly Uint8Array[]
  /** Who writes under which Yjs client id of this document: `check(ownerId, update)` before accepting. */
  authorship: AuthorshipCheck
}

/** Who publishes a presence (awareness) frame. */
export type PresenceContext = {
  identity: Identity
  sessionId: string
  target: SyncTarget
  connectionId: number
}

/**
 * One awareness entry a connection publishes for its own client id (the core has checked that), decoded;
 * a null state removes it. Whatever the hook returns is re-encoded, stored in awareness and relayed.
 */
export type PresenceEntry = { clientId: number; clock: number; state: Record<string, unknown> | null }

export type PresenceAuthorization = { ok: true; entries: PresenceEntry[] } | UpdateRefusal

export type SyncHooks = {
  /**
   * Before any other work on an upgrade: 0 lets it on, else how long (ms) this client must wait; the
   * upgrade is then answered 429 with Retry-After. Absent: no limit.
   */
  throttle?: (request: IncomingMessage) => number
  authenticate: (request: IncomingMessage, sessionId: string, target: SyncTarget) => Promise<Authentication>
  /** Called for every non-empty update, after it was decoded and before it is persisted or applied. */
  authorizeUpdate: (context: UpdateContext, update: Uint8Array) => Authorization
  /**
   * Called for a presence frame that changes the sender's own state, after the core's own checks
   * (ownership, size, rate); may rewrite the states. Absent: the states are relayed as sent.
   */
  authorizePresence?: (context: PresenceContext, entries: readonly PresenceEntry[]) => PresenceAuthorization
  /** The core refused a presence frame itself (`rule`: e.g. `presence_forged`), for the audit trail. */
  onPresenceRefused?: (context: PresenceContext, rule: string) => void
  /** A connection was accepted and joined its document, or left it. */
  onJoin?: (identity: Identity, sessionId: string, target: SyncTarget) => void
  onLeave?: (identity: Identity, sessionId: string, target: SyncTarget) => void
}

export const openHooks: SyncHooks = {
  authenticate: async () => ({ ok: true, identity: { kind: 'anonymous' } }),
  authorizeUpdate: () => ({ ok: true, afterStored: null }),
}

/**
 * The key a document is stored and loaded under when the door names none (the sync core's open rooms):
 * the board by the path's id, the notes apart, and each partner's private scores apart again (`role`
 * says whose). The production door names the couple's document for every session's board.
 */
export function documentName(sessionId: string, target: SyncTarget, role: Role | null = null): string {
  // ':' is not allowed in a session id, so a notes or scores key can never collide with a board.
  // The door lets only partners open scores; anyone else (the open hooks' anonymous peers) gets a dead end.
  if (target === 'scores') return `${sessionId}:scores:${role ?? 'anonymous'}`
  return target === 'board' ? sessionId : `${sessionId}:notes`
}
