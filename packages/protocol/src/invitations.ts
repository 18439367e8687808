import { z } from 'zod'
import { inviteeRoleSchema } from './roles.ts'
import { sessionIdSchema } from './sync.ts'

export const invitationSchema = z.object({
  id: z.string(),
  sessionId: sessionIdSchema,
  role: inviteeRoleSchema,
  expiresAt: z.number(),
  revokedAt: z.number().nullable(),
  /** Present only when the invitation was just issued: the server keeps no copy of the token. */
  token: z.string().optional(),
  /** The path to share, `/join?token=…`; present with the token. */
  link: z.string().optional(),
})
export type Invitation = z.infer<typeof invitationSchema>

export const issueInvitationSchema = z.object({
  role: inviteeRoleSchema,
  /** How long the link stays valid, in hours (default 24). */
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 14)
    .optional(),
})

export const invitationParamsSchema = z.object({
  sessionId: sessionIdSchema,
  invitationId: z.string().min(1).max(64),
})

export const invitationTokenSchema = z.object({ token: z.string().min(10).max(2000) })

/** What the join page shows before the person accepts: no names but their own. */
export const invitationPreviewSchema = z.object({
  sessionId: sessionIdSchema,
  /** The session's title, so the invitee sees what they are joining. */
  title: z.string(),
  role: inviteeRoleSchema,
  suggestedName: z.string(),
  privacyNotice: z.string(),
  sessionEnded: z.boolean(),
})
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>

export const acceptInvitationSchema = z.object({
  token: z.string().min(10).max(2000),
  displayName: z.string().trim().min(1, 'Please give a name.').max(60, 'A name is at most 60 characters.'),
  consent: z.literal(true, 'Please agree to the privacy notice to join.'),
})

export const participantSchema = z.object({
  sessionId: sessionIdSchema,
  participantId: z.string(),
  role: inviteeRoleSchema,
  displayName: z.string(),
})
export type Participant = z.infer<typeof participantSchema>
