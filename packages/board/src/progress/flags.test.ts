import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ProgressEntry } from './entries.ts'
import { checkFlags, entryFlag, flagFor } from './flags.ts'
import type { Metric } from './metrics.ts'
import { DIAL_METRICS, METRIC_MENU } from './metrics.ts'

const agreed = 'We take a time-out and call the clinic line.'
const safety: Metric = {
  ...DIAL_METRICS.safety,
  flags: { yellow: 6, red: 4, responses: { red: agreed } },
}
const closeCalls: Metric = {
  ...METRIC_MENU.safety[1]!,
  flags: { yellow: 1, red: 3, responses: { yellow: 'We name it at our next check-in.' } },
}

describe('flags', () => {
  it('raises red on the safety dial at 4 and below, with the response the couple agreed', () => {
    expect(flagFor(4, safety)).toEqual({ level: 'red', response: agreed })
    expect(flagFor(0, safety)?.level).toBe('red')
    expect(flagFor(5, safety)).toEqual({ level: 'yellow', response: null })
    expect(flagFor(6, safety)?.level).toBe('yellow')
    expect(flagFor(6.5, safety)).toBeNull()
    expect(flagFor(10, safety)).toBeNull()
  })

  it('raises a flag at or above the line when less is better', () => {
    expect(flagFor(0, closeCalls)).toBeNull()
    expect(flagFor(1, closeCalls)?.level).toBe('yellow')
    expect(flagFor(2.5, closeCalls)?.response).toBe('We name it at our next check-in.')
    expect(flagFor(3, closeCalls)?.level).toBe('red')
    expect(flagFor(7, closeCalls)?.level).toBe('red')
  })

  it('raises nothing on a metric without lines', () => {
    expect(flagFor(0, { ...safety, flags: undefined })).toBeNull()
  })

  it('refuses lines that contradict each other, the target or the kind', () => {
    expect(checkFlags(safety)).toBeNull()
    expect(checkFlags({ ...safety, flags: { yellow: 4, red: 6, responses: {} } })).toEqual({
      field: 'metric.flags.red',
      reason: 'metric.flags.red must be below metric.flags.yellow: red is the more serious flag.',
    })
    expect(checkFlags({ ...closeCalls, flags: { yellow: 3, red: 1, responses: {} } })?.reason).toContain(
      'above',
    )
    expect(checkFlags({ ...safety, flags: { yellow: 7, responses: {} } })).toEqual({
      field: 'metric.flags.yellow',
      reason: 'metric.flags.yellow must be below the target, so meeting the target raises no flag.',
    })
    expect(checkFlags({ ...safety, flags: { red: -1, responses: {} } })?.reason).toBe(
      'metric.flags.red must be from 0 to 10 for a rating.',
    )
    expect(checkFlags({ ...closeCalls, flags: { red: 800, responses: {} } })?.reason).toBe(
      'metric.flags.red must be from 0 to 700 for a count.',
    )
  })

  it('red wins, direction holds and lines are inclusive, for any consistent lines', () => {
    // Halves keep every value either on a line or clearly to one side of it.
    const half = (most: number) => fc.integer({ min: 0, max: most * 2 }).map((n) => n / 2)
    const lines = fc
      .record({
        better: fc.constantFrom('more' as const, 'less' as const),
        a: half(10),
        b: half(10),
        c: half(10),
      })
      .map(({ better, a, b, c }) => {
        const [low, middle, high] = [a, b, c].sort((x, y) => x - y) as [number, number, number]
        return better === 'more'
          ? { better, red: low, yellow: middle, target: high }
          : { better, target: low, yellow: middle, red: high }
      })
      .filter(({ red, yellow, target }) => red !== yellow && yellow !== target)
    fc.assert(
      fc.property(lines, half(10), ({ better, red, yellow, target }, value) => {
        const metric: Metric = { ...safety, better, target, flags: { red, yellow, responses: {} } }
        expect(checkFlags(metric)).toBeNull()
        const past = (line: number) => (better === 'more' ? value <= line : value >= line)
        const expected = past(red) ? 'red' : past(yellow) ? 'yellow' : null
        expect(flagFor(value, metric)?.level ?? null).toBe(expected)
        expect(flagFor(red, metric)?.level).toBe('red')
        expect(flagFor(yellow, metric)?.level).toBe('yellow')
      }),
    )
  })

  describe('the flag a new entry raises', () => {
    let made = 0
    const entry = (metric: Metric, value: number, changes: Partial<ProgressEntry> = {}): ProgressEntry => ({
      id: `00000000-0000-4000-8000-${String(++made).padStart(12, '0')}`,
      metricId: metric.id,
      partner: 'partnerA',
      day: '2026-03-10',
      loggedAt: Date.parse('2026-03-10T20:00:00Z'),
      utcOffsetMinutes: 60,
      value,
      privacy: metric.defaultPrivacy,
      ...changes,
    })

    it('flags a dial on the value just logged, whatever came before it', () => {
      const earlier = [entry(safety, 2, { day: '2026-03-09' })]
      expect(entryFlag(entry(safety, 3), safety, [])).toEqual({ level: 'red', response: agreed })
      expect(entryFlag(entry(safety, 9), safety, earlier)).toBeNull()
    })

    it('flags close calls on the partner’s week, this entry included, and forgets the week before', () => {
      const week = [
        entry(closeCalls, 1, { day: '2026-03-04' }),
        entry(closeCalls, 1, { day: '2026-03-07' }),
        // Outside the week, another partner's, another metric's: none of them counts.
        entry(closeCalls, 5, { day: '2026-03-03' }),
        entry(closeCalls, 5, { partner: 'partnerB' }),
        entry(safety, 5),
      ]
      expect(entryFlag(entry(closeCalls, 0), closeCalls, [])).toBeNull()
      expect(entryFlag(entry(closeCalls, 1), closeCalls, [])?.level).toBe('yellow')
      expect(entryFlag(entry(closeCalls, 1), closeCalls, week)?.level).toBe('red')
      // The entry itself among the week's is counted once.
      const own = entry(closeCalls, 1)
      expect(entryFlag(own, closeCalls, [own])?.level).toBe('yellow')
      // An entry logged late, for an earlier day, looks at the week ending on that day.
      expect(entryFlag(entry(closeCalls, 0, { day: '2026-03-02' }), closeCalls, week)).toBeNull()
    })

    it('raises nothing per entry for yes/no or for counts where more is better', () => {
      const soberDay: Metric = { ...METRIC_MENU.sobriety[1]!, flags: { red: 0.5, responses: {} } }
      const deEscalation: Metric = { ...METRIC_MENU.safety[0]!, flags: { red: 0, responses: {} } }
      expect(flagFor(0, soberDay)?.level).toBe('red')
      expect(entryFlag(entry(soberDay, 0), soberDay, [])).toBeNull()
      expect(flagFor(0, deEscalation)?.level).toBe('red')
      expect(entryFlag(entry(deEscalation, 0), deEscalation, [])).toBeNull()
    })
  })
})
