import type { Role } from '@session-board/protocol'
import type { VideoGrant } from 'livekit-server-sdk'
import { AccessToken } from 'livekit-server-sdk'

/** The longest a call token lives; browsers ask for a new one while the session lasts. */
export const CALL_TOKEN_TTL_SECONDS = 10 * 60

/**
 * What each role may do in the call, from ARCHITECTURE.md's roles: the therapist runs the room; the
 * partners talk and listen; an observer only watches and listens, and is hidden from the others' tiles
 * (the board still shows them as present).
 */
export function callGrant(role: Role, room: string): VideoGrant {
  const base: VideoGrant = { room, roomJoin: true, canSubscribe: true, canUpdateOwnMetadata: false }
  switch (role) {
    case 'therapist':
      return { ...base, roomAdmin: true, canPublish: true, canPublishData: true }
    case 'partnerA':
    case 'partnerB':
      return { ...base, canPublish: true, canPublishData: true }
    case 'observer':
      return { ...base, canPublish: false, canPublishData: false, hidden: true }
  }
}

/**
 * A short-lived LiveKit token. The identity is the board's person id, so one person is one person on
 * the board and in the call. No display name goes to LiveKit: the tiles take names from the board.
 */
export async function mintCallToken(options: {
  apiKey: string
  apiSecret: string
  room: string
  identity: string
  role: Role
  ttlSeconds?: number
}): Promise<string> {
  const token = new AccessToken(options.apiKey, options.apiSecret, {
    identity: options.identity,
    ttl: options.ttlSeconds ?? CALL_TOKEN_TTL_SECONDS,
    attributes: { role: options.role },
  })
  token.addGrant(callGrant(options.role, options.room))
  return token.toJwt()
}
