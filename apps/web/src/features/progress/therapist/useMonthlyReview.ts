import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import {
  addDays,
  boardClock,
  dayAt,
  monthBefore,
  monthDays,
  reviewEntryRange,
  reviewOfMonth,
} from '@session-board/board'
import type { BoardSnapshot, MonthlyReview, ProgressEntry } from '@session-board/board'
import type { CoupleDetail, FlagRecord } from '@session-board/protocol'
import { describeFailure } from '../../../lib/api.ts'
import type { SessionSync } from '../../../lib/sync.ts'
import { listCoupleEntries, listCoupleFlags } from './therapistApi.ts'

/** The month after a YYYY-MM month. */
export const monthAfter = (month: string) => addDays(monthDays(month).last, 1).slice(0, 7)

const utcOffsetMinutes = () => -new Date().getTimezoneOffset()

type Figures = { entries: ProgressEntry[]; flags: FlagRecord[] }

const noSubscription = () => () => {}
const noSnapshot = () => null

/**
 * The month's review, assembled from the couple's plan (live) and the entries and flags the server
 * gives the therapist. Last month's review is assembled too, so the page can tell what changed.
 */
export function useMonthlyReview(
  coupleId: string,
  month: string,
  sync: SessionSync | null,
  detail: CoupleDetail | null,
): { review: MonthlyReview | null; problem: string | null } {
  const [figures, setFigures] = useState<Figures | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const board: BoardSnapshot | null = useSyncExternalStore(
    sync?.board.subscribe ?? noSubscription,
    sync?.board.getSnapshot ?? noSnapshot,
  )

  useEffect(() => {
    let active = true
    // From the two weeks before last month (its first averages look there) to this month's end.
    const { from } = reviewEntryRange(monthBefore(month))
    const { last } = monthDays(month)
    Promise.all([listCoupleEntries(coupleId, from, last), listCoupleFlags(coupleId, from, last)])
      .then(([entries, flags]) => active && setFigures({ entries: entries as ProgressEntry[], flags }))
      .catch((error: unknown) => active && setProblem(describeFailure(error)))
    return () => {
      active = false
    }
  }, [coupleId, month])

  const review = useMemo(() => {
    if (!board || !figures || !detail) return null
    const today = dayAt(boardClock.now(), utcOffsetMinutes())
    return reviewOfMonth(board, figures, {
      month,
      today,
      programStart: detail.couple.programStart,
      utcOffsetMinutes: utcOffsetMinutes(),
    })
  }, [board, figures, detail, month])

  return { review, problem }
}
