import type { ConnectToken } from '@session-board/protocol'
import { REFRESH_MARGIN_MS } from '../../lib/connectToken.ts'
import type { TokenSource } from '../../lib/connectToken.ts'
import { fetchCoupleToken } from './couplesApi.ts'

/** The couple document's connect token and a fresh one on demand, as the board's token source does. */
export function createCoupleTokenSource(coupleId: string, first: ConnectToken): TokenSource {
  let token = first
  let pending: Promise<ConnectToken> | null = null
  return {
    current: () => token,
    isStale: () => token.expiresAt - Date.now() < REFRESH_MARGIN_MS,
    refresh() {
      pending ??= fetchCoupleToken(coupleId)
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
