import { describe, expect, it } from 'vitest'
import { heatmap, loggingFigures } from './heatmap.ts'

describe('heatmap', () => {
  it('lays the days out a column per week from Monday', () => {
    // 2026-01-01 is a Thursday.
    const { cells, weeks } = heatmap([], { from: '2026-01-01', to: '2026-01-12', lowest: 0, highest: 10 })
    expect(cells).toHaveLength(12)
    expect(cells[0]).toMatchObject({ day: '2026-01-01', week: 0, weekday: 3, value: null, shade: 0 })
    expect(cells.find((cell) => cell.day === '2026-01-05')).toMatchObject({ week: 1, weekday: 0 })
    expect(cells.at(-1)).toMatchObject({ day: '2026-01-12', week: 2, weekday: 0 })
    expect(weeks).toBe(3)
  })

  it('shades logged days by their figure and leaves the rest blank', () => {
    const figures = [
      { day: '2026-01-05', value: 0 },
      { day: '2026-01-06', value: 5 },
      { day: '2026-01-07', value: 10 },
    ]
    const { cells } = heatmap(figures, { from: '2026-01-05', to: '2026-01-08', lowest: 0, highest: 10 })
    expect(cells.map((cell) => cell.shade)).toEqual([1, 3, 4, 0])
  })

  it('counts the entries of each day for the logging calendar', () => {
    const figures = loggingFigures([{ day: '2026-01-05' }, { day: '2026-01-05' }, { day: '2026-01-07' }], {
      from: '2026-01-05',
      to: '2026-01-07',
    })
    expect(figures).toEqual([
      { day: '2026-01-05', value: 2 },
      { day: '2026-01-06', value: null },
      { day: '2026-01-07', value: 1 },
    ])
  })
})
