import { partnerSelfSchema } from '@session-board/protocol'
import type { PartnerSelf } from '@session-board/protocol'
import { ApiFailure, api, describeFailure } from '../../lib/api.ts'
import { hiddenUntilSignIn } from '../progress/log/quickHide.ts'

/** Who this device is signed in as (a partner's device cookie); 401 when it is not signed in. */
export function fetchPartnerSelf(): Promise<PartnerSelf> {
  return api('GET', '/api/me', partnerSelfSchema)
}

/** Where a partner's own device stands, as their pages between sessions ask before showing anything. */
export type PartnerDevice =
  | { state: 'checking' }
  | { state: 'signed-in'; self: PartnerSelf }
  | { state: 'signed-out' }
  /** No network: the page may show what this phone kept. */
  | { state: 'offline'; message: string }
  | { state: 'failed'; message: string }

/**
 * Who this device is: signed out while a quick hide is in force (the passkey ends it) or once its
 * sign-in lapsed; signed in; or not known for now, offline or on an error.
 */
export async function checkPartnerDevice(): Promise<Exclude<PartnerDevice, { state: 'checking' }>> {
  if (await hiddenUntilSignIn()) return { state: 'signed-out' }
  try {
    return { state: 'signed-in', self: await fetchPartnerSelf() }
  } catch (error) {
    if (error instanceof ApiFailure && (error.status === 401 || error.status === 403)) {
      return { state: 'signed-out' }
    }
    const offline = error instanceof ApiFailure && error.status === 0
    return { state: offline ? 'offline' : 'failed', message: describeFailure(error) }
  }
}
