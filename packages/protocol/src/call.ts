import { z } from 'zod'
import { roleSchema } from './presence.ts'

/**
 * What a browser needs to join the session's video call (`POST /api/sessions/:id/call`): where LiveKit
 * is, a short-lived token whose grants follow the person's role, and the session's end-to-end key.
 * The key comes only from this authenticated request; the LiveKit server never sees it.
 */
export const callDetailsSchema = z.object({
  /** The LiveKit server's websocket address, as the browser reaches it. */
  url: z.string(),
  /** A LiveKit access token; ask again before `expiresAt` while the session lasts. */
  token: z.string(),
  expiresAt: z.number(),
  /** The LiveKit room: one per session. */
  room: z.string(),
  /** The LiveKit identity: the same id the board stamps on this person's writes. */
  identity: z.string(),
  role: roleSchema,
  /**
   * The ICE servers to use: null takes the ones LiveKit itself offers (the deployment's TURN); a list
   * is used as it is. A LiveKit on loopback gives an empty list: no STUN, no TURN, nothing outside.
   */
  iceServers: z.array(z.object({ urls: z.array(z.string()) })).nullable(),
  e2ee: z.object({
    /** 32 random bytes, base64url: the session's shared media and data key. */
    key: z.string(),
    /** Its generation; a new key (after someone was removed) has the next index. */
    keyIndex: z.number().int().min(0),
  }),
})
export type CallDetails = z.infer<typeof callDetailsSchema>

/**
 * Why there is no call: LiveKit is not set up on this server, it cannot be reached, the therapist has
 * not opened the session yet, or the session has ended. The board keeps working either way.
 */
export const callUnavailableCodes = [
  'video_not_configured',
  'video_unreachable',
  'call_not_open',
  'session_ended',
] as const

/** The attributes every call participant carries, set by the server in the token. */
export const callAttributesSchema = z.object({ role: roleSchema })
