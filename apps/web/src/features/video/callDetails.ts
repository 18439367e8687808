import { callDetailsSchema } from '@session-board/protocol'
import type { CallDetails } from '@session-board/protocol'
import { api } from '../../lib/api.ts'

/**
 * Asks the server to join the session's call: a LiveKit token for this person's role and the session's
 * key. Refusals arrive as ApiFailure ({status, code, message}); 409 `call_not_open` means "wait".
 */
export function fetchCallDetails(sessionId: string): Promise<CallDetails> {
  return api('POST', `/api/sessions/${encodeURIComponent(sessionId)}/call`, callDetailsSchema, { body: {} })
}
