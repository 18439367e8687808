import type { ConnectToken } from '@session-board/protocol'
import { tokenSourceFrom } from '../../lib/connectToken.ts'
import type { TokenSource } from '../../lib/connectToken.ts'
import { fetchCoupleToken } from './couplesApi.ts'

/** The couple document's connect token and a fresh one on demand, as the board's token source does. */
export function createCoupleTokenSource(coupleId: string, first: ConnectToken): TokenSource {
  return tokenSourceFrom(first, () => fetchCoupleToken(coupleId))
}
