import { DIAL_METRICS, METRIC_MENU } from '@session-board/board'
import type { EntryPartner, Metric, ProgressEntry } from '@session-board/board'

/** Test data: de-escalation steps (a count, 2 a week or more) and the Safety dial. */
export const deEscalation = METRIC_MENU.safety[0] as Metric
export const safety = DIAL_METRICS.safety

let made = 0
export function entry(
  metric: Metric,
  day: string,
  value: number,
  partner: EntryPartner = 'partnerA',
): ProgressEntry {
  made++
  return {
    id: `00000000-0000-4000-8000-${String(made).padStart(12, '0')}`,
    metricId: metric.id,
    partner,
    day,
    loggedAt: Date.UTC(2026, 0, 1) + made * 1000,
    utcOffsetMinutes: 0,
    value,
    privacy: 'shared',
  }
}
