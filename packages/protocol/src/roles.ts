import { z } from 'zod'
import { roleSchema } from './presence.ts'

/** The roles an invitation can be for: everyone but the therapist, who signs in. */
export const inviteeRoleSchema = roleSchema.exclude(['therapist'])
export type InviteeRole = z.infer<typeof inviteeRoleSchema>

/**
 * Which of a session's documents a sync connection opens: the shared board, the therapist's notes, or
 * the connecting partner's own private decision-grid scores.
 */
export const syncTargetSchema = z.enum(['board', 'notes', 'scores'])
export type SyncTarget = z.infer<typeof syncTargetSchema>
