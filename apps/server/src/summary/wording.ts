import type { Column } from '@session-board/board'
import type { SessionSummary, SummaryAttendee, SummaryCard, SummaryGoal } from './sessionSummary.ts'

/** The words both the Markdown and the PDF use, so the two exports say the same thing. */

export const columnHeadings: Record<Column, string> = { keep: 'Keep', stop: 'Stop', start: 'Start' }

const roleWords: Record<SummaryAttendee['role'], string> = {
  therapist: 'Therapist',
  partnerA: 'Partner A',
  partnerB: 'Partner B',
  observer: 'Observer',
}

export function attendeeLine(attendee: SummaryAttendee): string {
  const name = attendee.name.trim() || 'Unnamed'
  return `${roleWords[attendee.role]}: ${name}${attendee.joined ? '' : ' (did not open the board)'}`
}

export function consentText(goal: SummaryGoal): string {
  return goal.agreed ? 'Agreed by both' : `Waiting for ${goal.waitingFor.join(' and ')}`
}

export function goalDetails(goal: SummaryGoal): string[] {
  const details: string[] = []
  if (goal.reviewDate) details.push(`Review on ${formatIsoDate(goal.reviewDate)}`)
  if (goal.missing.length > 0) details.push(`Still needs: ${goal.missing.join(', ')}`)
  return details
}

/**
 * "4:05" for four minutes five seconds. A started second counts, as on the board's huddle history
 * (formatRemaining in the web app), so a part shows the same time here as there: 1.2 s is 0:02.
 */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

export function phaseLine(phase: { title: string; plannedMs: number; actualMs: number }): string {
  return `${phase.title.trim() || 'Untitled part'}: ${duration(phase.actualMs)} of ${duration(phase.plannedMs)} planned`
}

const ratingKinds = [
  ['effort', 'Effort'],
  ['impact', 'Impact'],
] as const

/**
 * A card's ratings as its card on the board shows them, "Effort: Ari 3 · Bo 5" then "Impact: …" ("–"
 * where not rated); nothing for a card nobody rated.
 */
export function ratingLines(card: SummaryCard, names: SessionSummary['partnerNames']): string[] {
  const { partnerA, partnerB } = card.ratings
  const rated = [partnerA, partnerB].some((rating) => rating.effort !== null || rating.impact !== null)
  if (!rated) return []
  const name = (value: string, fallback: string) => value.trim() || fallback
  return ratingKinds.map(
    ([kind, label]) =>
      `${label}: ${name(names.partnerA, 'Partner A')} ${partnerA[kind] ?? '–'} · ` +
      `${name(names.partnerB, 'Partner B')} ${partnerB[kind] ?? '–'}`,
  )
}

/** "12 March 2026" from "2026-03-12"; anything else as it is. */
export function formatIsoDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return value
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
}

export function sessionDate(summary: SessionSummary): string {
  return formatIsoDate(summary.dateIso)
}

export function experimentLines(experiment: NonNullable<SessionSummary['experiment']>): string[] {
  const condition = experiment.condition.trim() || '…'
  const action = experiment.action.trim() || '…'
  return [
    `If ${condition}, then ${action}.`,
    `Who: ${experiment.who || 'not decided yet'}`,
    `Review: ${experiment.reviewDate ? formatIsoDate(experiment.reviewDate) : 'no date set yet'}`,
  ]
}

export const gridHidden = 'The decision grid’s scores were not revealed in this session.'

/** "7 / 5": partner A's score, then partner B's; "–" for a cell not scored. */
export function scorePair(pair: Record<'partnerA' | 'partnerB', number | null>): string {
  const score = (value: number | null) => (value === null ? '–' : String(value))
  return `${score(pair.partnerA)} / ${score(pair.partnerB)}`
}

export function gridLegend(summary: SessionSummary): string {
  return `Scores 0–10, ${summary.partnerNames.partnerA} / ${summary.partnerNames.partnerB}.`
}

export function summaryFileName(summary: SessionSummary, extension: 'pdf' | 'md'): string {
  return `session-summary-${summary.dateIso}.${extension}`
}
