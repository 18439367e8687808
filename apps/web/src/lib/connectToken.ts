import { connectTokenSchema } from '@session-board/protocol'
import type { ConnectToken, SyncTarget } from '@session-board/protocol'
import { api } from './api.ts'

/** Refresh this long before the token expires, so a reconnect never starts with a stale one. */
export const REFRESH_MARGIN_MS = 90_000

/** A token for one document of a session: the shared board, or the therapist's private notes. */
export function fetchConnectToken(sessionId: string, target: SyncTarget = 'board'): Promise<ConnectToken> {
  return api('POST', `/api/sessions/${encodeURIComponent(sessionId)}/connect-token`, connectTokenSchema, {
    body: { target },
  })
}

/** The current connect token of one document, and a way to get a fresh one. */
export interface TokenSource {
  current(): ConnectToken
  /** True when the token will expire within the refresh margin. */
  isStale(): boolean
  refresh(): Promise<ConnectToken>
}

export function createTokenSource(
  sessionId: string,
  first: ConnectToken,
  target: SyncTarget = 'board',
): TokenSource {
  return tokenSourceFrom(first, () => fetchConnectToken(sessionId, target))
}

/**
 * A token source over any document's token endpoint. Refreshes share one request, so several
 * reconnects at once do not each ask the server.
 */
export function tokenSourceFrom(first: ConnectToken, fetchFresh: () => Promise<ConnectToken>): TokenSource {
  let token = first
  let pending: Promise<ConnectToken> | null = null
  return {
    current: () => token,
    isStale: () => token.expiresAt - Date.now() < REFRESH_MARGIN_MS,
    refresh() {
      pending ??= fetchFresh()
        .then((fresh) => {
          token = fresh
          return fresh
        })
        .finally(() => {
          pending = null
        })
      return pending
    },
  }
}
