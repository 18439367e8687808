import { z } from 'zod'

/** A session id as it appears in `/s/:sessionId` and `/sync/:sessionId`. */
export const sessionIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{3,64}$/, 'A session id is 3 to 64 letters, digits, "-" or "_".')
export type SessionId = z.infer<typeof sessionIdSchema>

/** The largest websocket frame the sync server accepts; a larger one closes that connection. */
export const MAX_FRAME_BYTES = 1024 * 1024

/**
 * Close codes the sync server uses. 1007 and 1009 are the standard codes for bad payloads and
 * oversized messages; the 4xxx codes are ours. Each carries a short reason for the client to show.
 */
export const SYNC_CLOSE = {
  malformedFrame: { code: 1007, reason: 'The message could not be read and was refused.' },
  frameTooLarge: { code: 1009, reason: 'The message was larger than 1 MiB and was refused.' },
  badSessionId: { code: 4400, reason: 'That is not a valid session link.' },
  unauthenticated: {
    code: 4401,
    reason: 'Please open the session from your invitation link or sign in again.',
  },
  forbidden: { code: 4403, reason: 'You do not have access to this session.' },
  refused: { code: 4403, reason: 'A change was refused; the board is reloading.' },
  serverStopping: { code: 1001, reason: 'The server is restarting.' },
} as const

/**
 * A custom y-websocket message type (the client's `provider.messageHandlers[4]`): the server sends it
 * right before it closes a connection whose update it refused. The payload is one JSON string.
 */
export const MESSAGE_REFUSAL = 4

export const refusalSchema = z.object({
  /** A stable code, e.g. `read_only`, `therapist_only`, `not_yours`, `session_ended`, `server_only`. */
  code: z.string(),
  message: z.string(),
})
export type Refusal = z.infer<typeof refusalSchema>
