import { DIALS, DIAL_METRICS, JOURNAL_METRIC, WEEK_METRICS, metricsOfPlan } from '@session-board/board'
import type { EntryPrivacy, Metric, PartnerRole, ProgressEntry } from '@session-board/board'

/** What the partner has chosen so far today, by metric id; null is "not logged". */
export interface Today {
  values: Readonly<Record<string, number | null>>
  privacy: Readonly<Record<string, EntryPrivacy>>
  journal: string
}

export const emptyToday: Today = { values: {}, privacy: {}, journal: '' }

/**
 * What a partner logs: the three dials and the week's effort and impact (as the plan set them, or as
 * they come), then the plan's own metrics. 'each' and 'either' metrics are logged for oneself,
 * 'couple' ones for the two of them. The journal line has a place of its own.
 */
export function metricsToLog(planMetrics: readonly Metric[]): {
  dials: Metric[]
  week: Metric[]
  metrics: Metric[]
} {
  const all = metricsOfPlan(planMetrics).filter((metric) => metric.id !== JOURNAL_METRIC.id)
  const dialIds = new Set(DIALS.map((dial) => DIAL_METRICS[dial].id))
  const weekIds = new Set(Object.values(WEEK_METRICS).map((metric) => metric.id))
  return {
    dials: all.filter((metric) => dialIds.has(metric.id)),
    week: all.filter((metric) => weekIds.has(metric.id)),
    metrics: all.filter((metric) => !dialIds.has(metric.id) && !weekIds.has(metric.id)),
  }
}

/** The phone's own calendar date, YYYY-MM-DD: the day an entry counts for. */
export function phoneDay(now: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

export type TodayEntries = { entries: ProgressEntry[]; problem: null } | { entries: []; problem: string }

/** Today's choices as entries, each with its own id made now, so a resend is recognised. */
export function entriesFor(
  today: Today,
  metrics: readonly Metric[],
  role: PartnerRole,
  now: Date,
  newId: () => string = () => crypto.randomUUID(),
): TodayEntries {
  const journal = today.journal.trim()
  const entries: ProgressEntry[] = []
  const entry = (metric: Metric, value: number) => ({
    id: newId(),
    metricId: metric.id,
    partner: metric.loggedBy === 'couple' ? ('couple' as const) : role,
    day: phoneDay(now),
    loggedAt: now.getTime(),
    utcOffsetMinutes: -now.getTimezoneOffset(),
    value,
    privacy: today.privacy[metric.id] ?? metric.defaultPrivacy,
  })
  for (const metric of metrics) {
    const value = today.values[metric.id]
    if (value !== null && value !== undefined) entries.push(entry(metric, value))
  }
  // A written line is a yes for the journal, carrying the line as its note, with its own privacy.
  if (journal) entries.push({ ...entry(JOURNAL_METRIC, 1), note: journal })
  if (entries.length === 0) {
    return { entries: [], problem: 'Choose at least one number, or write a line, to save.' }
  }
  return { entries, problem: null }
}
