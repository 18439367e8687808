import { SYNC_CLOSE } from '@session-board/protocol'
import type { UpdateRefusal } from '../sync/extension.ts'

/** Why a write was refused: a stable code for the client and a sentence for the person. */
export const refusals = {
  read_only: 'Observers can follow the board but not change it.',
  session_ended:
    'Between sessions you can give your consent and update your stepping stones; the rest waits for a live session.',
  therapist_only: 'Only the therapist can change the huddle, the floor and what is revealed.',
  not_yours: 'Each partner’s consent and private entries can be changed only by that partner.',
  server_only: 'Who wrote what is recorded by the server and cannot be changed.',
  notes_forbidden: 'The notes are the therapist’s alone.',
  unclassified: 'That change could not be checked, so it was refused.',
  board_full:
    'This board holds as much as a board may, so that change was refused. Removing something makes room.',
  invalid_value:
    'That change does not fit the board (a wrong kind of value, or too long), so it was refused.',
  scores_forbidden: 'Each partner’s grid scores can be changed only by that partner.',
  invalid_score: 'A grid score is a whole number from 0 to 10, so that change was refused.',
} as const
export type RefusalCode = keyof typeof refusals

/** A refused update: the code and sentence for the sender, `detail` (structural only) for the audit. */
export function refusal(code: RefusalCode, detail: string): UpdateRefusal {
  return { ok: false, code: SYNC_CLOSE.refused.code, reason: refusals[code], rule: code, detail }
}
