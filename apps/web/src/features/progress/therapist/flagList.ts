import { METRIC_MENU, STANDING_METRICS } from '@session-board/board'
import type { Metric } from '@session-board/board'
import type { FlagRecord } from '@session-board/protocol'

/** A flag as the therapist's lists hold it: with the couple it belongs to. */
export type ShownFlag = FlagRecord & { coupleId: string }

/** What arrives over `GET /api/alerts`. */
export type AlertEvent =
  | { kind: 'flag'; coupleId: string; flag: FlagRecord }
  | { kind: 'acknowledged'; coupleId: string; flagId: string; at: number }

/** Newest first; a red and a yellow raised together show the red first. */
function byNewest(a: ShownFlag, b: ShownFlag): number {
  return (
    b.raisedAt - a.raisedAt || (a.level === b.level ? a.id.localeCompare(b.id) : a.level === 'red' ? -1 : 1)
  )
}

/**
 * The list after one live event. A flag the list already holds is replaced, not repeated (the same
 * flag can arrive from the list's load and from the stream); an acknowledgement made elsewhere marks
 * the flag seen here too. Events for another couple are for another list and change nothing.
 */
export function applyAlert(
  flags: readonly ShownFlag[],
  event: AlertEvent,
  onlyCouple?: string,
): readonly ShownFlag[] {
  if (onlyCouple !== undefined && event.coupleId !== onlyCouple) return flags
  if (event.kind === 'flag') {
    const arrived: ShownFlag = { ...event.flag, coupleId: event.coupleId }
    const held = flags.find((flag) => flag.id === arrived.id)
    // An acknowledgement already seen here outlives an older copy of the flag arriving late.
    const merged = held?.acknowledgedAt ? { ...arrived, acknowledgedAt: held.acknowledgedAt } : arrived
    return [...flags.filter((flag) => flag.id !== arrived.id), merged].sort(byNewest)
  }
  return flags.map((flag) =>
    flag.id === event.flagId && flag.acknowledgedAt === null ? { ...flag, acknowledgedAt: event.at } : flag,
  )
}

/** A freshly loaded list, keeping what the stream said while the load was on its way. */
export function mergeLoaded(loaded: readonly ShownFlag[], held: readonly ShownFlag[]): readonly ShownFlag[] {
  let flags: readonly ShownFlag[] = [...loaded].sort(byNewest)
  for (const flag of held) {
    flags = applyAlert(flags, { kind: 'flag', coupleId: flag.coupleId, flag })
    if (flag.acknowledgedAt !== null) {
      flags = applyAlert(flags, {
        kind: 'acknowledged',
        coupleId: flag.coupleId,
        flagId: flag.id,
        at: flag.acknowledgedAt,
      })
    }
  }
  return flags
}

const KNOWN_METRICS: ReadonlyMap<string, Metric> = new Map(
  [...STANDING_METRICS, ...Object.values(METRIC_MENU).flat()].map((metric) => [metric.id, metric]),
)

/** The metric's title: the plan's own wording first, then the menu's, then a neutral stand-in. */
export function metricTitle(
  metricId: string,
  planMetrics: readonly Pick<Metric, 'id' | 'title'>[] = [],
): string {
  return (
    planMetrics.find((metric) => metric.id === metricId)?.title ??
    KNOWN_METRICS.get(metricId)?.title ??
    'A metric of their own'
  )
}

export interface PartnerNames {
  partnerA: string
  partnerB: string
}

export function whoLogged(partner: FlagRecord['partner'], names: PartnerNames): string {
  if (partner === 'couple') return 'The couple'
  return names[partner].trim() || (partner === 'partnerA' ? 'Partner A' : 'Partner B')
}

/** "Thursday 3 December", in the reader's language, from a YYYY-MM-DD day. */
export function dayLabel(day: string): string {
  const date = new Date(`${day}T12:00:00Z`)
  if (Number.isNaN(date.getTime())) return day
  return date.toLocaleDateString(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  })
}

/** The sentence a screen reader hears when a flag arrives: no blame, the facts and the agreed response. */
export function flagAnnouncement(flag: ShownFlag, title: string, names: PartnerNames): string {
  const level = flag.level === 'red' ? 'Red flag' : 'Yellow flag'
  const response = flag.response ? ` Agreed response: ${flag.response}` : ' No agreed response written yet.'
  return `${level}: ${title}, logged by ${whoLogged(flag.partner, names)} on ${dayLabel(flag.day)}.${response}`
}
