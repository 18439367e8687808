import { z } from 'zod'
import { roleSchema } from './presence.ts'
import { syncTargetSchema } from './roles.ts'
import { sessionIdSchema } from './sync.ts'

const displayName = z
  .string()
  .trim()
  .min(1, 'Please give a name.')
  .max(60, 'A name is at most 60 characters.')

export const createSessionSchema = z.object({
  title: z.string().trim().min(1, 'Please give the session a title.').max(120),
  partnerAName: displayName,
  partnerBName: displayName,
  /** When the session is planned, ms since the epoch; optional. */
  scheduledFor: z.number().int().positive().optional(),
  /** How many observer links to issue at once (supervisors, trainees). */
  observers: z.number().int().min(0).max(5).default(0),
})
export type CreateSession = z.infer<typeof createSessionSchema>

export const sessionParamsSchema = z.object({ sessionId: sessionIdSchema })

export const sessionStatusSchema = z.enum(['open', 'ended'])

export const presentPersonSchema = z.object({ role: roleSchema, personId: z.string() })

export const sessionSummarySchema = z.object({
  id: sessionIdSchema,
  /** The couple whose plan this session's board shows. */
  coupleId: z.string(),
  title: z.string(),
  status: sessionStatusSchema,
  /** When the therapist started it; null while it is only planned. */
  startedAt: z.number().nullable(),
  scheduledFor: z.number().nullable(),
  createdAt: z.number(),
  endedAt: z.number().nullable(),
  /** Who has a live connection right now (from the server's registry). */
  present: z.array(presentPersonSchema),
})
export type SessionSummary = z.infer<typeof sessionSummarySchema>

export const dashboardSchema = z.object({
  upcoming: z.array(sessionSummarySchema),
  live: z.array(sessionSummarySchema),
  ended: z.array(sessionSummarySchema),
})
export type Dashboard = z.infer<typeof dashboardSchema>

export const connectTokenRequestSchema = z.object({ target: syncTargetSchema.default('board') })

/** A short-lived token for `?token=` on the sync socket (y-websocket `params`). */
export const connectTokenSchema = z.object({
  token: z.string(),
  expiresAt: z.number(),
  role: roleSchema,
  /** The id the server stamps on this person's writes (`createdBy` / `updatedBy`). */
  personId: z.string(),
  /** The name the board shows for this person: the therapist's account name or the name given on joining. */
  displayName: z.string(),
})
export type ConnectToken = z.infer<typeof connectTokenSchema>
