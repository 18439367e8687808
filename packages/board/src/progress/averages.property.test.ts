import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { rollingAverage } from './averages.ts'
import { twoWeekWindow } from './calendar.ts'
import type { ProgressEntry } from './entries.ts'
import { checkEntry } from './entries.ts'
import { KIND_LIMITS, METRIC_KINDS } from './kinds.ts'
import type { Metric } from './metrics.ts'
import { DIAL_METRICS } from './metrics.ts'

/**
 * The averages against a plain recomputation that walks the calendar by hand (month lengths and leap
 * years, no Date), and against the same entries stamped from other time zones, on machines set to
 * other time zones.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, '0')
const isLeap = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
const monthLength = (year: number, month: number) =>
  [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!

function nextDay(day: string): string {
  let [year, month, date] = day.split('-').map(Number) as [number, number, number]
  if (++date > monthLength(year, month)) [date, month] = [1, month + 1]
  if (month > 12) [month, year] = [1, year + 1]
  return `${pad(year, 4)}-${pad(month)}-${pad(date)}`
}

function previousDay(day: string): string {
  let [year, month, date] = day.split('-').map(Number) as [number, number, number]
  if (--date < 1) {
    ;[month, year] = month === 1 ? [12, year - 1] : [month - 1, year]
    date = monthLength(year, month)
  }
  return `${pad(year, 4)}-${pad(month)}-${pad(date)}`
}

const later = (day: string, days: number) => Array.from({ length: days }).reduce<string>(nextDay, day)

/** The 14 days ending on `day`, walked back one by one. */
function naiveWindow(day: string): string[] {
  const days = [day]
  while (days.length < 14) days.unshift(previousDay(days[0]!))
  return days
}

function naiveAverage(entries: readonly ProgressEntry[], metric: Metric, day: string, start: string) {
  const covered = naiveWindow(day).filter((inWindow) => inWindow >= start)
  const counted = entries.filter((entry) => covered.includes(entry.day))
  if (counted.length === 0) return null
  if (metric.kind === 'count' || metric.kind === 'minutes') {
    return (counted.reduce((sum, entry) => sum + entry.value, 0) * 7) / Math.max(covered.length, 7)
  }
  const dayMeans = [...new Set(counted.map((entry) => entry.day))].map((logged) => {
    const values = counted.filter((entry) => entry.day === logged).map((entry) => entry.value)
    return values.reduce((sum, value) => sum + value, 0) / values.length
  })
  return dayMeans.reduce((sum, value) => sum + value, 0) / dayMeans.length
}

/** A day between 1990 and 2150, as text made without the module. */
const someDay = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2150-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10))

/** Days that trip local-time arithmetic: month and year ends, leap days, and European and US clock changes. */
const trickyDay = fc.constantFrom(
  '2024-02-29',
  '2024-03-01',
  '2100-03-01',
  '2000-02-29',
  '2025-01-01',
  '2025-03-09',
  '2025-03-30',
  '2025-10-26',
  '2025-11-02',
  '2026-03-08',
  '2026-03-29',
)

const metricOf = (kind: Metric['kind']): Metric => ({
  ...DIAL_METRICS.closeness,
  id: 'metric_test',
  kind,
  flags: undefined,
})

/** Random entries over about nine weeks, with random gaps, one to three on some days. */
const loggedWeeks = fc
  .record({
    kind: fc.constantFrom(...METRIC_KINDS),
    first: fc.oneof(someDay, trickyDay),
    logs: fc.array(
      fc.record({
        offset: fc.integer({ min: 0, max: 60 }),
        partner: fc.constantFrom('partnerA' as const, 'partnerB' as const),
        value: fc.nat(),
      }),
      { maxLength: 50 },
    ),
    fromOffset: fc.integer({ min: -5, max: 70 }),
    days: fc.integer({ min: 1, max: 30 }),
    startOffset: fc.option(fc.integer({ min: -10, max: 20 }), { nil: undefined }),
  })
  .map(({ kind, first, logs, fromOffset, days, startOffset }) => {
    const metric = metricOf(kind)
    const shift = (offset: number) => (offset >= 0 ? later(first, offset) : naiveWindow(first)[13 + offset]!)
    const entries = logs.map(({ offset, partner, value }, index): ProgressEntry => {
      const day = later(first, offset)
      return {
        id: `00000000-0000-4000-8000-${pad(index, 12)}`,
        metricId: metric.id,
        partner,
        day,
        loggedAt: Date.parse(`${day}T12:00:00Z`),
        utcOffsetMinutes: 0,
        value: value % (KIND_LIMITS[kind].entry + 1),
        privacy: 'shared',
      }
    })
    const from = shift(fromOffset)
    return {
      metric,
      entries,
      from,
      to: later(from, days - 1),
      start: startOffset === undefined ? undefined : shift(startOffset),
    }
  })

describe('two-week averages, by property', () => {
  it('equal a day-by-day recomputation, whatever the gaps', () => {
    fc.assert(
      fc.property(loggedWeeks, ({ metric, entries, from, to, start }) => {
        const points = rollingAverage(entries, metric, { from, to, start })
        const firstLogged = entries.map((entry) => entry.day).sort()[0] ?? '9999-12-31'
        let day = from
        for (const point of points) {
          expect(point.day).toBe(day)
          const expected = naiveAverage(entries, metric, day, start ?? firstLogged)
          if (expected === null) expect(point.average).toBeNull()
          else expect(point.average).toBeCloseTo(expected, 9)
          day = nextDay(day)
        }
        expect(points.at(-1)?.day).toBe(to)
      }),
      { numRuns: 300 },
    )
  })

  it('stay the same when the same days are logged from other time zones, across clock changes', () => {
    // The logger's offset (UTC-12 to UTC+14) and the moment within their own day both vary.
    const stamping = fc.array(
      fc.record({ offset: fc.integer({ min: -720, max: 840 }), minute: fc.integer({ min: 0, max: 1439 }) }),
      {
        minLength: 50,
        maxLength: 50,
      },
    )
    fc.assert(
      fc.property(loggedWeeks, stamping, ({ metric, entries, from, to }, stamps) => {
        const travelled = entries.map((entry, index) => {
          const { offset, minute } = stamps[index]!
          const loggedAt = Date.parse(`${entry.day}T00:00:00Z`) + (minute - offset) * 60_000
          return { ...entry, loggedAt, utcOffsetMinutes: offset }
        })
        for (const entry of travelled) expect(checkEntry(entry, metric)).toBeNull()
        expect(rollingAverage(travelled, metric, { from, to })).toEqual(
          rollingAverage(entries, metric, { from, to }),
        )
      }),
      { numRuns: 200 },
    )
  })
})

describe('the two-week window', () => {
  const zones = [
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Pacific/Chatham',
  ]
  const machineZone = process.env.TZ
  afterEach(() => {
    if (machineZone === undefined) delete process.env.TZ
    else process.env.TZ = machineZone
  })

  it('always spans exactly 14 calendar days, on machines in any time zone', () => {
    for (const zone of zones) {
      process.env.TZ = zone
      if (zone === 'America/New_York') expect(new Date(2025, 0, 1).getTimezoneOffset()).toBe(300)
      fc.assert(
        fc.property(fc.oneof(someDay, trickyDay), (day) => {
          const window = twoWeekWindow(day)
          expect(window).toEqual(naiveWindow(day))
          expect(new Set(window).size).toBe(14)
        }),
        { numRuns: 200 },
      )
    }
  })

  it('gives the same averages on machines in any time zone', () => {
    const sample = fc.sample(loggedWeeks, { numRuns: 40, seed: 15 })
    process.env.TZ = 'UTC'
    const expected = sample.map(({ metric, entries, from, to }) =>
      rollingAverage(entries, metric, { from, to }),
    )
    for (const zone of zones) {
      process.env.TZ = zone
      const averages = sample.map(({ metric, entries, from, to }) =>
        rollingAverage(entries, metric, { from, to }),
      )
      expect(averages, zone).toEqual(expected)
    }
  })
})
