import { z } from 'zod'
import { invitationSchema } from './invitations.ts'
import { roleSchema } from './presence.ts'
import { sessionSummarySchema } from './sessions.ts'
import { sessionIdSchema } from './sync.ts'

/** A couple's id as it appears in `/couples/:coupleId` and `/sync/:coupleId`. */
export const coupleIdSchema = z.string().regex(/^cpl_[A-Za-z0-9_-]{3,60}$/, 'That is not a couple’s id.')

/** Where the couple is in the program, from intake to aftercare. */
export const treatmentPhases = [
  'intake',
  'stabilization',
  'skillAdoption',
  'generalization',
  'maintenance',
  'aftercare',
] as const
export const treatmentPhaseSchema = z.enum(treatmentPhases)
export type TreatmentPhase = z.infer<typeof treatmentPhaseSchema>

export const phaseLabels: Record<TreatmentPhase, string> = {
  intake: 'Intake',
  stabilization: 'Stabilization',
  skillAdoption: 'Skill adoption',
  generalization: 'Generalization',
  maintenance: 'Maintenance',
  aftercare: 'Aftercare',
}

const displayName = z
  .string()
  .trim()
  .min(1, 'Please give a name.')
  .max(60, 'A name is at most 60 characters.')

/** A calendar day, YYYY-MM-DD (the program's start is a date, not an instant). */
export const isoDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date is written YYYY-MM-DD.')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'That date does not exist.')

export const createCoupleSchema = z.object({
  partnerAName: displayName,
  partnerBName: displayName,
  programStart: isoDaySchema,
  phase: treatmentPhaseSchema.default('intake'),
})
export type CreateCouple = z.infer<typeof createCoupleSchema>

export const updateCoupleSchema = z
  .object({
    partnerAName: displayName,
    partnerBName: displayName,
    programStart: isoDaySchema,
    phase: treatmentPhaseSchema,
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'Please change at least one thing.')
export type UpdateCouple = z.infer<typeof updateCoupleSchema>

export const coupleParamsSchema = z.object({ coupleId: coupleIdSchema })

export const coupleSummarySchema = z.object({
  id: coupleIdSchema,
  partnerAName: z.string(),
  partnerBName: z.string(),
  programStart: z.string(),
  phase: treatmentPhaseSchema,
  createdAt: z.number(),
  /** The session running now, if any. */
  liveSessionId: sessionIdSchema.nullable(),
  /** How many sessions have ended, and when the last one did. */
  pastSessions: z.number().int(),
  lastSessionAt: z.number().nullable(),
  /** The next session planned (not started), if any. */
  nextSessionAt: z.number().nullable(),
})
export type CoupleSummary = z.infer<typeof coupleSummarySchema>

export const caseloadSchema = z.object({ couples: z.array(coupleSummarySchema) })
export type Caseload = z.infer<typeof caseloadSchema>

/** One finished meeting as the couple's history shows it (no notes: those stay with the session). */
export const meetingHistorySchema = z.object({
  sessionId: sessionIdSchema,
  title: z.string(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  huddles: z.number().int(),
  reviewCards: z.number().int(),
  floorTurns: z.number().int(),
  experiment: z.string().nullable(),
})
export type MeetingHistory = z.infer<typeof meetingHistorySchema>

export const coupleDetailSchema = z.object({
  couple: coupleSummarySchema,
  sessions: z.object({
    live: z.array(sessionSummarySchema),
    upcoming: z.array(sessionSummarySchema),
    past: z.array(sessionSummarySchema),
  }),
  history: z.array(meetingHistorySchema),
})
export type CoupleDetail = z.infer<typeof coupleDetailSchema>

export const createCoupleSessionSchema = z.object({
  /** Defaults to "Session N", N counting the couple's sessions. */
  title: z.string().trim().min(1).max(120).optional(),
  scheduledFor: z.number().int().positive().optional(),
  /** Start it now (the usual "Start the next session"), or only plan it. */
  start: z.boolean().default(true),
  observers: z.number().int().min(0).max(5).default(0),
})
export type CreateCoupleSession = z.infer<typeof createCoupleSessionSchema>

export const coupleSessionCreatedSchema = z.object({
  session: sessionSummarySchema,
  invitations: z.array(invitationSchema),
})

/** A partner's own view of who they are, from their device's sign-in. */
export const partnerSelfSchema = z.object({
  coupleId: coupleIdSchema,
  role: roleSchema,
  personId: z.string(),
  displayName: z.string(),
  partnerAName: z.string(),
  partnerBName: z.string(),
  liveSessionId: sessionIdSchema.nullable(),
})
export type PartnerSelf = z.infer<typeof partnerSelfSchema>
