import { partnerSelfSchema } from '@session-board/protocol'
import type { PartnerSelf } from '@session-board/protocol'
import { api } from '../../lib/api.ts'

/** Who this device is signed in as (a partner's device cookie); 401 when it is not signed in. */
export function fetchPartnerSelf(): Promise<PartnerSelf> {
  return api('GET', '/api/me', partnerSelfSchema)
}
