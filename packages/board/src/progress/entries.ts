import type { PartnerRole } from '../records/goal.ts'
import { integer, oneOf, text, time } from '../schema/fields.ts'
import { dayAt, isCalendarDay } from './calendar.ts'
import type { ProgressFields, ProgressProblem } from './check.ts'
import { checkFields, optional, refuse, required } from './check.ts'
import { KIND_LIMITS } from './kinds.ts'
import type { EntryPrivacy, Metric } from './metrics.ts'
import { METRIC_ID_PATTERN } from './metrics.ts'

/** Who an entry is for: one partner, or the couple for a metric they log together. */
export type EntryPartner = PartnerRole | 'couple'

/** One value logged for one metric on one day, as it left the phone. */
export interface ProgressEntry {
  /** Made on the phone when the entry is made, so an entry sent twice is stored once. */
  id: string
  metricId: string
  partner: EntryPartner
  /** The logger's own calendar date, as their phone showed it: it decides which day the entry counts for. */
  day: string
  /** When it was logged, in milliseconds since 1970 (UTC). */
  loggedAt: number
  /** The phone's offset then, in minutes east of UTC (-getTimezoneOffset()). */
  utcOffsetMinutes: number
  /** A day's count or minutes, a 0–10 rating, or 1 for yes and 0 for no. */
  value: number
  privacy: EntryPrivacy
  /** A short journal line. */
  note?: string
}

export const MAX_NOTE = 280
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const entryFields = (metric: Metric): ProgressFields => ({
  id: required(text(36, { pattern: UUID_PATTERN })),
  metricId: required(text(64, { pattern: METRIC_ID_PATTERN })),
  partner: required(oneOf(['partnerA', 'partnerB', 'couple'])),
  day: required(text(10, { pattern: /^\d{4}-\d{2}-\d{2}$/ })),
  loggedAt: required(time),
  // Time zones run from UTC-12 to UTC+14.
  utcOffsetMinutes: required(integer(-12 * 60, 14 * 60)),
  value: required(integer(0, KIND_LIMITS[metric.kind].entry)),
  privacy: required(oneOf(['shared', 'therapist'])),
  note: optional(text(MAX_NOTE)),
})

/**
 * Null when `entry` may be stored for `metric`; otherwise why not. Who may log for whom is the
 * server's to check: this checks what the entry says.
 */
export function checkEntry(entry: unknown, metric: Metric): ProgressProblem | null {
  const problem = checkFields(entryFields(metric), entry, 'entry')
  if (problem) return problem
  const { metricId, day, loggedAt, utcOffsetMinutes, partner } = entry as ProgressEntry
  if (metricId !== metric.id) return refuse('entry.metricId', 'entry.metricId does not match the metric.')
  if (!isCalendarDay(day)) return refuse('entry.day', 'entry.day must be a real calendar date.')
  // Days compare as text: YYYY-MM-DD sorts in date order.
  if (day > dayAt(loggedAt, utcOffsetMinutes)) {
    return refuse('entry.day', 'entry.day is later than the date on the phone when it was logged.')
  }
  if (metric.loggedBy === 'couple' && partner !== 'couple') {
    return refuse('entry.partner', 'entry.partner must be couple: the couple logs this metric together.')
  }
  if (metric.loggedBy !== 'couple' && partner === 'couple') {
    return refuse('entry.partner', 'entry.partner must be partnerA or partnerB: a partner logs this metric.')
  }
  return null
}
