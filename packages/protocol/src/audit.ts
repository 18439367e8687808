import { z } from 'zod'

export const auditActions = [
  'sign_up',
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'idle_logoff',
  'session_created',
  'session_ended',
  'session_reopened',
  'invitation_issued',
  'invitation_revoked',
  'invitation_shown',
  'invitation_accepted',
  'join',
  'leave',
  'door_refused',
  'update_refused',
  'presence_refused',
  'audit_exported',
  'summary_exported',
  'grid_revealed',
  'grid_hidden',
  'call_opened',
  'call_joined',
  'call_left',
  'call_key_rotated',
  'call_ended',
  'couple_created',
  'couple_updated',
  'session_started',
  'device_enrolled',
  'device_awaiting_confirmation',
  'device_confirmed',
  'device_withdrawn',
  'access_withdrawn',
  'passkey_registered',
  'passkey_signed_in',
  'passkey_removed',
  'progress_logged',
  'flag_raised',
  'flag_acknowledged',
  'device_locked',
] as const
export const auditActionSchema = z.enum(auditActions)
export type AuditAction = z.infer<typeof auditActionSchema>

/** One line of the append-only audit trail: who, when, what, by ids and codes only, never content. */
export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.number(),
  action: auditActionSchema,
  sessionId: z.string().nullable(),
  actorRole: z.string().nullable(),
  actorId: z.string().nullable(),
  /** The object acted on, e.g. an invitation id. */
  subjectId: z.string().nullable(),
  /** A content-free code, e.g. the refused write class or the door's close code. */
  detail: z.string().nullable(),
})
export type AuditEntry = z.infer<typeof auditEntrySchema>

export const auditListSchema = z.object({ entries: z.array(auditEntrySchema) })
