import { describe, expect, it } from 'vitest'
import { rollingAverage } from '@session-board/board'
import { tableRows } from './table.ts'
import { deEscalation, entry, safety } from './testEntries.ts'

describe('tableRows', () => {
  it('holds every entry of the period once, on its day, with the chart’s average', () => {
    const mine = [
      entry(safety, '2026-01-02', 6),
      entry(safety, '2026-01-02', 8, 'partnerB'),
      entry(safety, '2026-01-09', 4, 'partnerB'),
    ]
    const entries = [...mine, mine[0]!, entry(deEscalation, '2026-01-02', 1), entry(safety, '2026-02-01', 9)]
    // Ratings average the logged days: Jan 2 is 7 (both partners), Jan 9 is 4.
    const averages = rollingAverage(entries, safety, { from: '2026-01-01', to: '2026-01-14' })
    const rows = tableRows(entries, safety.id, averages)
    expect(rows).toEqual([
      { day: '2026-01-09', values: [{ partner: 'partnerB', value: 4 }], average: 5.5 },
      {
        day: '2026-01-02',
        values: [
          { partner: 'partnerA', value: 6 },
          { partner: 'partnerB', value: 8 },
        ],
        average: 7,
      },
    ])
    const shown = rows.flatMap((row) => row.values.map((value) => ({ day: row.day, ...value })))
    expect(shown.toSorted((a, b) => a.day.localeCompare(b.day) || a.value - b.value)).toEqual(
      mine.map(({ day, partner, value }) => ({ day, partner, value })),
    )
  })
})
