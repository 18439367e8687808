import type { BoardSnapshot, MonthlyReview } from '@session-board/board'
import { metricsOfPlan, monthBefore, monthDays, reviewEntryRange, reviewOfMonth } from '@session-board/board'
import type { Access } from '../access/context.ts'
import type { MonthlyReviewCharts } from './monthlyReviewCharts.ts'
import { monthlyReviewCharts } from './monthlyReviewCharts.ts'
import type { ReviewPart } from './monthlyReviewWording.ts'
import { monthlyReviewHeading, monthlyReviewParts } from './monthlyReviewWording.ts'
import type { SessionSummary } from './sessionSummary.ts'

/**
 * The couple's monthly review as the summary carries it: the review itself (the same assembly as the
 * review page), its words and its charts' shapes. Words and shapes are made here, so the PDF worker
 * takes plain data and needs pdfkit alone. No entry's note (a partner's journal line) is in any of it.
 */
export type SummaryMonthlyReview = {
  heading: string
  review: MonthlyReview
  parts: ReviewPart[]
  charts: MonthlyReviewCharts
}

const therapist = { role: 'therapist' } as const

/**
 * The review of `month` (YYYY-MM) from the couple's plan and the entries and flags the therapist sees.
 * Last month's review is assembled too, as the page does, so "what changed" reads the same in both.
 */
export async function monthlyReviewSection(
  access: Access,
  coupleId: string,
  board: BoardSnapshot,
  when: { month: string; today: string },
  names: SessionSummary['partnerNames'],
): Promise<SummaryMonthlyReview> {
  const { month, today } = when
  const { from } = reviewEntryRange(monthBefore(month))
  const { last } = monthDays(month)
  const entries = await access.progress.inWindow(coupleId, from, last, therapist)
  const flags = await access.flags.inWindow(coupleId, from, last, therapist)
  // The metrics the plan chose, as on the review page; the dials are drawn beside them.
  const review = reviewOfMonth(
    board,
    { entries, flags },
    {
      month,
      today,
      programStart: (await access.couples.byId(coupleId))?.programStart ?? '',
    },
  )
  // Every metric the couple logs, as their plan words it: the dials' titles for their flags.
  const metrics = metricsOfPlan(board.metrics)
  return {
    heading: monthlyReviewHeading(review),
    review,
    parts: monthlyReviewParts(review, metrics, names),
    charts: monthlyReviewCharts(review, metrics, entries),
  }
}
