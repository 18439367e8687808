import { describe, expect, it } from 'vitest'
import { METRIC_MENU } from '@session-board/board'
import type { Metric } from '@session-board/board'
import { dialTrend, summarize } from './summary.ts'
import { deEscalation, entry, safety } from './testEntries.ts'

describe('summarize', () => {
  it('says the two-week figure and whether it meets the target', () => {
    const point = { day: '2026-01-14', average: 2.5, daysCovered: 14 }
    expect(summarize(point, deEscalation)).toBe('Two-week average 2.5 a week, on target (2 or more).')
    expect(summarize({ ...point, average: 1 }, deEscalation)).toBe(
      'Two-week average 1 a week, not yet at the target (2 or more).',
    )
  })

  it('names the first days of a new metric and an empty fortnight', () => {
    expect(summarize({ day: '2026-01-03', average: 7, daysCovered: 3 }, safety)).toBe(
      'Two-week average 7 out of 10 (over the first 3 days), on target (7 or more).',
    )
    expect(summarize({ day: '2026-01-01', average: 6, daysCovered: 1 }, safety)).toBe(
      'Two-week average 6 out of 10 (its first day), not yet at the target (7 or more).',
    )
    expect(summarize({ day: '2026-01-03', average: null, daysCovered: 14 }, safety)).toBe(
      'Nothing logged in the last two weeks.',
    )
  })

  it('reads yes/no metrics as a share of days', () => {
    const soberDay = METRIC_MENU.sobriety[1] as Metric
    expect(summarize({ day: '2026-01-14', average: 0.8, daysCovered: 14 }, soberDay)).toBe(
      'Two-week average 80% of days, not yet at the target (every day).',
    )
  })
})

describe('dialTrend', () => {
  it('compares the last two weeks with the two before, in words', () => {
    const entries = [
      entry(safety, '2026-01-03', 5),
      entry(safety, '2026-01-20', 6),
      entry(safety, '2026-01-25', 7),
    ]
    expect(dialTrend(entries, safety, { today: '2026-01-28' }).words).toBe(
      '6.5 out of 10 over the last two weeks, up 1.5 from the two weeks before.',
    )
    expect(dialTrend(entries, safety, { today: '2026-01-10' }).words).toBe(
      '5 out of 10 over the last two weeks; nothing to compare with from the two weeks before.',
    )
  })

  it('calls a small change steady', () => {
    const entries = [entry(safety, '2026-01-10', 7), entry(safety, '2026-01-24', 7)]
    expect(dialTrend(entries, safety, { today: '2026-01-24' }).words).toBe(
      '7 out of 10 over the last two weeks, about the same as the two weeks before.',
    )
  })
})
