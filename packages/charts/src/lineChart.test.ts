import { describe, expect, it } from 'vitest'
import { lineChart } from './lineChart.ts'
import { deEscalation, entry, safety } from './testEntries.ts'

const size = { width: 700, height: 200, margin: { top: 10, right: 10, bottom: 20, left: 30 } }

describe('lineChart', () => {
  it('breaks the two-week average where nothing was logged for two weeks', () => {
    const entries = [entry(safety, '2026-01-01', 7), entry(safety, '2026-02-01', 8)]
    const chart = lineChart({ metric: safety, entries, from: '2026-01-01', to: '2026-02-10', size })
    // Jan 1 counts until Jan 14; Jan 15 to Jan 31 have no figure; Feb 1 starts a new stretch.
    expect(chart.averages.find((point) => point.day === '2026-01-20')?.average).toBeNull()
    expect(chart.averagePath.match(/M/g)).toHaveLength(2)
    expect(chart.points.map((point) => point.day)).toEqual(['2026-01-01', '2026-02-01'])
  })

  it('draws an unbroken line when every window has an entry', () => {
    const entries = ['2026-01-01', '2026-01-10', '2026-01-20'].map((day) => entry(safety, day, 6))
    const chart = lineChart({ metric: safety, entries, from: '2026-01-01', to: '2026-01-25', size })
    expect(chart.averagePath.match(/M/g)).toHaveLength(1)
  })

  it('puts the target band above the target when more is better, from the target line', () => {
    const chart = lineChart({ metric: safety, entries: [], from: '2026-01-01', to: '2026-01-28', size })
    // Ratings run 0–10 on 170 px: 7 sits 119 px above the bottom.
    expect(chart.targetY).toBeCloseTo(180 - 119)
    expect(chart.targetBand.y + chart.targetBand.height).toBeCloseTo(chart.targetY)
    expect(chart.targetBand.y).toBeCloseTo(10)
  })

  it('puts the band below the target when less is better', () => {
    const closeCalls = { ...deEscalation, id: 'safety:close-calls', target: 1, better: 'less' as const }
    const chart = lineChart({
      metric: closeCalls,
      entries: [entry(closeCalls, '2026-01-03', 4)],
      from: '2026-01-01',
      to: '2026-01-28',
      size,
    })
    expect(chart.targetBand.y).toBeCloseTo(chart.targetY)
    expect(chart.targetBand.y + chart.targetBand.height).toBeCloseTo(180)
  })

  it('gives every day the same width across a daylight-saving change', () => {
    // Clocks change in the US on 2026-03-08 and in Europe on 2026-03-29.
    const chart = lineChart({
      metric: safety,
      entries: ['2026-03-07', '2026-03-08', '2026-03-09', '2026-03-28', '2026-03-29', '2026-03-30'].map(
        (day) => entry(safety, day, 5),
      ),
      from: '2026-03-01',
      to: '2026-04-04',
      size,
    })
    const x = Object.fromEntries(chart.points.map((point) => [point.day, point.x]))
    const step = (size.width - 40) / 34
    expect((x['2026-03-08'] ?? 0) - (x['2026-03-07'] ?? 0)).toBeCloseTo(step)
    expect((x['2026-03-09'] ?? 0) - (x['2026-03-08'] ?? 0)).toBeCloseTo(step)
    expect((x['2026-03-29'] ?? 0) - (x['2026-03-28'] ?? 0)).toBeCloseTo(step)
    expect((x['2026-03-30'] ?? 0) - (x['2026-03-29'] ?? 0)).toBeCloseTo(step)
  })

  it('shows a day’s figure by the shared rule: counts add up, a dial averages both partners', () => {
    const entries = [
      entry(deEscalation, '2026-01-02', 1),
      entry(deEscalation, '2026-01-02', 2, 'partnerB'),
      entry(safety, '2026-01-02', 6),
      entry(safety, '2026-01-02', 8, 'partnerB'),
    ]
    const range = { entries, from: '2026-01-01', to: '2026-01-07', size }
    expect(lineChart({ metric: deEscalation, ...range }).points[0]?.value).toBe(3)
    expect(lineChart({ metric: safety, ...range }).points[0]?.value).toBe(7)
    expect(lineChart({ metric: safety, ...range, partner: 'partnerB' }).points[0]?.value).toBe(8)
  })

  it('marks flags on their day and leaves out those outside the period', () => {
    const chart = lineChart({
      metric: safety,
      entries: [],
      from: '2026-01-05',
      to: '2026-01-18',
      flags: [
        { day: '2026-01-06', level: 'red' },
        { day: '2025-12-30', level: 'yellow' },
      ],
      size,
    })
    expect(chart.flags).toEqual([{ day: '2026-01-06', x: expect.any(Number), level: 'red' }])
    expect(chart.xTicks.map((tick) => tick.day)).toEqual(['2026-01-05', '2026-01-12'])
  })
})
