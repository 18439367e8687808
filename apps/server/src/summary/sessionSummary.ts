import type { CardRating, Column, PartnerRole, SmartPart } from '@session-board/board'
import type { SummaryMonthlyReview } from './monthlyReviewSection.ts'

/** Who took part, by role, with the name they are known by in this session. */
export type SummaryAttendee = {
  role: 'therapist' | PartnerRole | 'observer'
  name: string
  /** Whether they opened the board (from the audit trail's joins). */
  joined: boolean
}

export type SummaryGoal = {
  title: string
  nonNegotiable: boolean
  agreed: boolean
  /** The partners (by name) who have not said yes to the current wording; empty when agreed. */
  waitingFor: string[]
  reviewDate: string
  /** The SMART-for-Two parts that still need something, as labels. */
  missing: string[]
  missingParts: SmartPart[]
}

export type SummaryExperiment = {
  condition: string
  action: string
  /** Who carries it out, in words ("Ari", "both"), '' if nobody was named. */
  who: string
  /** ISO date (YYYY-MM-DD), or null when the board does not hold one yet. */
  reviewDate: string | null
}

/** A review card with each partner's 0–10 effort and impact ratings (null: not rated), as on its card. */
export type SummaryCard = { text: string; ratings: Record<PartnerRole, CardRating> }

export type GridPair = Record<PartnerRole, number | null>

export type SummaryGrid = {
  /** The criteria's labels, in order: the table's columns. */
  criteria: string[]
  /** Per proposal, each partner's score per criterion (null: not scored) and their totals. */
  rows: { proposal: string; scores: GridPair[]; total: Record<PartnerRole, number> }[]
}

export type SummaryPhase = { title: string; plannedMs: number; actualMs: number }

/** The end-of-session summary: a plain object the preview, the Markdown and the PDF all read. */
export type SessionSummary = {
  title: string
  /** The session's date (scheduled, else created), epoch ms. */
  date: number
  /** ISO date (YYYY-MM-DD) of `date`, for file names. */
  dateIso: string
  status: 'open' | 'ended'
  partnerNames: Record<PartnerRole, string>
  attendees: SummaryAttendee[]
  goals: SummaryGoal[]
  /** The review's card texts, column by column in the board's order (what the preview lists). */
  review: Record<Column, string[]>
  /** The same cards with their ratings, for the exports. */
  reviewCards: Record<Column, SummaryCard[]>
  experiment: SummaryExperiment | null
  /** The decision grid's scores, only once they were revealed to everyone; null before. */
  grid: SummaryGrid | null
  appreciations: { from: string; to: string; text: string }[]
  huddle: { startedAt: number; endedAt: number; phases: SummaryPhase[] } | null
  /** ISO date (YYYY-MM-DD) of the next review, or null. */
  nextReview: string | null
  /** The couple's review of the month the session took place in (its start, or now if not started). */
  monthlyReview: SummaryMonthlyReview
}
