import { z } from 'zod'
import { coupleIdSchema } from './couples.ts'

/**
 * Progress between sessions over REST. Entries and flags never travel in the couple's document:
 * the server decides, per reader, which of them leave it.
 */

const partnerOrCoupleSchema = z.enum(['partnerA', 'partnerB', 'couple'])

/** One stored entry as a reader receives it (the server checks entries it is sent with the plan's metric). */
export const progressEntrySchema = z.object({
  id: z.string(),
  metricId: z.string(),
  partner: partnerOrCoupleSchema,
  day: z.string(),
  loggedAt: z.number(),
  utcOffsetMinutes: z.number(),
  value: z.number(),
  privacy: z.enum(['shared', 'therapist']),
  note: z.string().optional(),
})

export const flagLevelSchema = z.enum(['red', 'yellow'])

/** The flag an entry raised, as the partner who logged it sees it at once. */
export const entryFlagSchema = z.object({
  id: z.string(),
  level: flagLevelSchema,
  metricId: z.string(),
  /** The couple's agreed response, in their words, or null while they have not written one. */
  response: z.string().nullable(),
})
export type EntryFlag = z.infer<typeof entryFlagSchema>

export const storedEntriesSchema = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      status: z.enum(['stored', 'already stored']),
      flag: entryFlagSchema.optional(),
    }),
  ),
})
export type StoredEntries = z.infer<typeof storedEntriesSchema>

export const entryListSchema = z.object({ entries: z.array(progressEntrySchema) })
export type EntryList = z.infer<typeof entryListSchema>

/** A flag as stored: as private as the entry that raised it. */
export const flagRecordSchema = z.object({
  id: z.string(),
  entryId: z.string(),
  metricId: z.string(),
  partner: partnerOrCoupleSchema,
  level: flagLevelSchema,
  day: z.string(),
  raisedAt: z.number(),
  response: z.string().nullable(),
  acknowledgedAt: z.number().nullable(),
})
export type FlagRecord = z.infer<typeof flagRecordSchema>

export const flagListSchema = z.object({ flags: z.array(flagRecordSchema) })
export type FlagList = z.infer<typeof flagListSchema>

/** The therapist's unacknowledged flags across their couples. */
export const caseloadFlagsSchema = z.object({
  flags: z.array(flagRecordSchema.extend({ coupleId: coupleIdSchema })),
})
export type CaseloadFlags = z.infer<typeof caseloadFlagsSchema>

export const flagParamsSchema = z.object({ coupleId: coupleIdSchema, flagId: z.string().min(1).max(64) })

/** `GET /api/alerts` (Server-Sent Events): `event: flag` and `event: acknowledged`. */
export const flagAlertSchema = z.object({ coupleId: coupleIdSchema, flag: flagRecordSchema })
export type FlagAlert = z.infer<typeof flagAlertSchema>
export const acknowledgedAlertSchema = z.object({ coupleId: coupleIdSchema, flagId: z.string() })
export type AcknowledgedAlert = z.infer<typeof acknowledgedAlertSchema>
