import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { latest, onTarget, rollingAverage, weeklyFigures } from './averages.ts'
import { addDays } from './calendar.ts'
import type { EntryPartner, ProgressEntry } from './entries.ts'
import type { Metric } from './metrics.ts'
import { DIAL_METRICS, METRIC_MENU } from './metrics.ts'

const appreciations = METRIC_MENU.joy[0]!
const conflicts = METRIC_MENU.communication[1]!
const repair = METRIC_MENU.communication[0]!
const safety = DIAL_METRICS.safety

function logged(
  metric: Metric,
  day: string,
  value: number,
  partner: EntryPartner = 'partnerA',
): ProgressEntry {
  return {
    id: randomUUID(),
    metricId: metric.id,
    partner,
    day,
    loggedAt: Date.parse(`${day}T21:00:00Z`),
    utcOffsetMinutes: 0,
    value,
    privacy: 'shared',
  }
}

const averages = (points: { average: number | null }[]) => points.map((point) => point.average)

describe('rolling two-week averages', () => {
  it('turns counts into a figure per week, counting days without an entry as none', () => {
    // Two appreciations every Monday and Thursday, for three weeks from Monday 3 March 2025.
    const entries = [0, 3, 7, 10, 14, 17].map((offset) =>
      logged(appreciations, addDays('2025-03-03', offset), 2),
    )
    const [point] = rollingAverage(entries, appreciations, { from: '2025-03-23', to: '2025-03-23' })
    expect(point).toEqual({ day: '2025-03-23', average: 4, daysCovered: 14 })
    expect(onTarget(4, appreciations)).toBe(false)
  })

  it("scales a metric's second week by the days it has run, and reads its first week as it stands", () => {
    const entries = ['2025-03-01', '2025-03-02', '2025-03-03'].map((day) => logged(appreciations, day, 3))
    const [first, , third] = rollingAverage(entries, appreciations, { from: '2025-03-01', to: '2025-03-03' })
    expect(first).toEqual({ day: '2025-03-01', average: 3, daysCovered: 1 })
    expect(third).toEqual({ day: '2025-03-03', average: 9, daysCovered: 3 })
    // Nine days in, with nothing more logged: 9 over 9 days make 7 a week, whatever came before.
    expect(latest(entries, appreciations, { today: '2025-03-09' })).toEqual({
      day: '2025-03-09',
      average: 7,
      daysCovered: 9,
    })
    // Started a week before the first entry: that quiet week counts.
    const started = latest(entries, appreciations, { today: '2025-03-03', start: '2025-02-25' })
    expect(started).toEqual({ day: '2025-03-03', average: 9, daysCovered: 7 })
    expect(latest(entries, appreciations, { today: '2025-02-28' })).toEqual({
      day: '2025-02-28',
      average: null,
      daysCovered: 0,
    })
  })

  it('averages ratings over the days logged, skipping days without an entry', () => {
    const entries = [
      logged(safety, '2025-03-01', 8),
      logged(safety, '2025-03-05', 6),
      logged(safety, '2025-03-14', 4),
    ]
    const points = rollingAverage(entries, safety, { from: '2025-03-01', to: '2025-03-20' })
    expect(averages(points).slice(0, 5)).toEqual([8, 8, 8, 8, 7])
    expect(points.find((point) => point.day === '2025-03-14')?.average).toBe(6)
    // 15 March: 1 March has left the window.
    expect(points.find((point) => point.day === '2025-03-15')?.average).toBe(5)
  })

  it("counts each day once for ratings: both partners' dials that day are the couple's for the day", () => {
    const entries = [
      logged(safety, '2025-03-01', 2, 'partnerA'),
      logged(safety, '2025-03-01', 8, 'partnerB'),
      logged(safety, '2025-03-02', 8, 'partnerB'),
    ]
    expect(latest(entries, safety, { today: '2025-03-02' }).average).toBe(6.5)
    expect(latest(entries, safety, { today: '2025-03-02', partner: 'partnerA' }).average).toBe(2)
    expect(latest(entries, safety, { today: '2025-03-02', partner: 'partnerB' }).average).toBe(8)
  })

  it('adds up counts within a day and across partners, and counts an entry sent twice once', () => {
    const twice = logged(conflicts, '2025-03-02', 1, 'partnerB')
    const entries = [
      logged(conflicts, '2025-03-01', 1),
      logged(conflicts, '2025-03-01', 2, 'partnerB'),
      twice,
      twice,
    ]
    const point = latest(entries, conflicts, { today: '2025-03-14' })
    expect(point.average).toBe(2)
    expect(onTarget(point.average!, conflicts)).toBe(true)
    expect(onTarget(2.5, conflicts)).toBe(false)
  })

  it('gives the share of logged days that were yes', () => {
    const entries = [
      logged(repair, '2025-03-01', 1),
      logged(repair, '2025-03-04', 0),
      logged(repair, '2025-03-08', 1),
      logged(repair, '2025-03-09', 1),
    ]
    expect(latest(entries, repair, { today: '2025-03-10' }).average).toBe(0.75)
    expect(onTarget(0.75, repair)).toBe(false)
  })

  it('has no figure once two weeks pass with nothing logged', () => {
    const entries = [logged(conflicts, '2025-03-01', 1)]
    const points = rollingAverage(entries, conflicts, { from: '2025-03-14', to: '2025-03-15' })
    expect(averages(points)).toEqual([0.5, null])
  })

  it('ignores entries for other metrics', () => {
    const entries = [logged(conflicts, '2025-03-01', 5), logged(safety, '2025-03-01', 7)]
    expect(latest(entries, safety, { today: '2025-03-01' }).average).toBe(7)
  })
})

describe('weekly figures', () => {
  it('totals counts and averages ratings for each seven days from the first', () => {
    const counts = [
      logged(conflicts, '2025-03-01', 1),
      logged(conflicts, '2025-03-03', 2),
      logged(conflicts, '2025-03-09', 1),
    ]
    expect(weeklyFigures(counts, conflicts, { from: '2025-03-01', to: '2025-03-17' })).toEqual([
      { first: '2025-03-01', last: '2025-03-07', value: 3, daysLogged: 2 },
      { first: '2025-03-08', last: '2025-03-14', value: 1, daysLogged: 1 },
      { first: '2025-03-15', last: '2025-03-17', value: null, daysLogged: 0 },
    ])
    const dials = [
      logged(safety, '2025-03-01', 4),
      logged(safety, '2025-03-02', 7),
      logged(safety, '2025-03-02', 9, 'partnerB'),
    ]
    expect(weeklyFigures(dials, safety, { from: '2025-03-01', to: '2025-03-07' })[0]?.value).toBe(6)
  })
})
