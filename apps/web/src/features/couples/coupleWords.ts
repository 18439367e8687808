import { phaseLabels } from '@session-board/protocol'
import type { CoupleSummary } from '@session-board/protocol'
import { formatWhen } from '../dashboard/when.ts'

/** How the caseload names a couple: both partners, in the order the therapist wrote them. */
export function coupleName(couple: Pick<CoupleSummary, 'partnerAName' | 'partnerBName'>): string {
  return `${couple.partnerAName} & ${couple.partnerBName}`
}

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' })

/** A calendar day (YYYY-MM-DD) as people read it; the day itself, whatever this device's time zone. */
export function formatDay(isoDay: string): string {
  const date = new Date(`${isoDay}T00:00:00Z`)
  return Number.isNaN(date.getTime()) ? isoDay : day.format(date)
}

/** Today as YYYY-MM-DD on this device, the usual program start of a couple added today. */
export function today(): string {
  const now = new Date()
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/** One line about where the couple's sessions stand: live, next planned, or the last one. */
export function sessionsLine(couple: CoupleSummary): string {
  const parts: string[] = []
  if (couple.liveSessionId) parts.push('A session is live now.')
  if (couple.nextSessionAt !== null) parts.push(`Next session: ${formatWhen(couple.nextSessionAt)}.`)
  if (couple.lastSessionAt !== null) parts.push(`Last session: ${formatWhen(couple.lastSessionAt)}.`)
  if (parts.length === 0) return 'No sessions yet.'
  return parts.join(' ')
}

export function phaseLabel(couple: Pick<CoupleSummary, 'phase'>): string {
  return phaseLabels[couple.phase]
}
