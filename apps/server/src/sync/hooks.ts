import type { IncomingMessage } from 'node:http'
import type * as Y from 'yjs'

/**
 * The seams around the sync core, Hocuspocus style. Issue 3 replaces the defaults: `authenticate`
 * checks the invite token before the websocket is accepted (so no document byte flows to a stranger),
 * and `authorizeUpdate` applies the role write rules of ARCHITECTURE.md to every update before it is
 * persisted.
 */

/** Who is on the other end of a connection. Issue 3 adds the person's id and role. */
export type Identity = { kind: 'anonymous' }

/**
 * A refusal closes the connection with a 44xx code: the y-websocket client treats that range as
 * permanent (no reconnect loop) and hands the reason to the UI.
 */
export type Refusal = { ok: false; code: number; reason: string }

export type Authentication = { ok: true; identity: Identity } | Refusal
export type Authorization = { ok: true } | Refusal

export type SyncHooks = {
  authenticate: (request: IncomingMessage, sessionId: string) => Promise<Authentication>
  /** Called for every non-empty update, after it was decoded and before it is persisted or applied. */
  authorizeUpdate: (identity: Identity, doc: Y.Doc, update: Uint8Array) => Authorization
}

export const openHooks: SyncHooks = {
  // Everyone may connect until issue 3 brings invite tokens.
  authenticate: async () => ({ ok: true, identity: { kind: 'anonymous' } }),
  // Everyone may write anything until issue 3 brings the role write-filter.
  authorizeUpdate: () => ({ ok: true }),
}
