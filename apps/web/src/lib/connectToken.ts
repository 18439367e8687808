import { connectTokenSchema } from '@session-board/protocol'
import type { ConnectToken } from '@session-board/protocol'
import { api } from './api.ts'

/** Refresh this long before the token expires, so a reconnect never starts with a stale one. */
export const REFRESH_MARGIN_MS = 90_000

export function fetchConnectToken(sessionId: string): Promise<ConnectToken> {
  return api('POST', `/api/sessions/${encodeURIComponent(sessionId)}/connect-token`, connectTokenSchema, {
    body: { target: 'board' },
  })
}

/** The current connect token of one board, and a way to get a fresh one. */
export interface TokenSource {
  current(): ConnectToken
  /** True when the token will expire within the refresh margin. */
  isStale(): boolean
  refresh(): Promise<ConnectToken>
}

export function createTokenSource(sessionId: string, first: ConnectToken): TokenSource {
  let token = first
  let pending: Promise<ConnectToken> | null = null
  return {
    current: () => token,
    isStale: () => token.expiresAt - Date.now() < REFRESH_MARGIN_MS,
    refresh() {
      pending ??= fetchConnectToken(sessionId)
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
