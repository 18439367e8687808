import { DIAL_METRICS, JOURNAL_METRIC, METRIC_MENU, checkEntry } from '@session-board/board'
import type { Metric } from '@session-board/board'
import { describe, expect, it } from 'vitest'
import { emptyToday, entriesFor, metricsToLog, phoneDay } from './today.ts'

const coupleWalks: Metric = { ...METRIC_MENU.routines[2]!, loggedBy: 'couple' }
const appreciations = METRIC_MENU.joy[0]!
let ids = 0
const newId = () => `00000000-0000-4000-8000-${String((ids += 1)).padStart(12, '0')}`

describe('logging today', () => {
  it('always offers the three dials, as the plan set them, before the plan’s own metrics', () => {
    const planSafety: Metric = { ...DIAL_METRICS.safety, flags: { red: 3, responses: { red: 'Time-out.' } } }
    const { dials, metrics } = metricsToLog([appreciations, planSafety])
    expect(dials.map((dial) => dial.title)).toEqual(['Safety', 'Sobriety', 'Closeness'])
    expect(dials[0]).toBe(planSafety)
    expect(metrics).toEqual([appreciations])
  })

  it('counts an entry for the phone’s own calendar day and offset, late in the evening too', () => {
    const now = new Date(2026, 2, 29, 23, 30)
    const { dials } = metricsToLog([])
    const today = { ...emptyToday, values: { 'dial:safety': 3, 'dial:closeness': 8 } }
    const { entries, problem } = entriesFor(today, dials, 'partnerB', now, newId)
    expect(problem).toBeNull()
    expect(entries.map((entry) => [entry.metricId, entry.day, entry.utcOffsetMinutes])).toEqual([
      ['dial:safety', '2026-03-29', -now.getTimezoneOffset()],
      ['dial:closeness', '2026-03-29', -now.getTimezoneOffset()],
    ])
    expect(phoneDay(new Date(2026, 0, 5, 0, 10))).toBe('2026-01-05')
  })

  it('keeps safety for the therapist unless the partner shares it, and logs couple metrics for both', () => {
    const { dials } = metricsToLog([])
    const metrics = [...dials, coupleWalks, appreciations]
    const today = {
      values: { 'dial:safety': 5, 'dial:sobriety': 9, 'routines:walks': 40, 'joy:appreciations': 2 },
      privacy: { 'joy:appreciations': 'therapist' as const },
      journal: '',
    }
    const { entries } = entriesFor(today, metrics, 'partnerA', new Date(2026, 2, 2, 9), newId)
    expect(entries.map((entry) => [entry.metricId, entry.partner, entry.privacy])).toEqual([
      ['dial:safety', 'partnerA', 'therapist'],
      ['dial:sobriety', 'partnerA', 'shared'],
      ['routines:walks', 'couple', 'shared'],
      ['joy:appreciations', 'partnerA', 'therapist'],
    ])
    // Each one is an entry the server accepts for its metric.
    for (const entry of entries) {
      const metric = metrics.find((item) => item.id === entry.metricId)!
      expect(checkEntry(entry, metric)).toBeNull()
    }
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length)
  })

  it('logs the journal line as an entry of its own, with its own privacy', () => {
    const { dials } = metricsToLog([])
    const now = new Date(2026, 2, 2, 9)
    const lineOnly = entriesFor(
      {
        ...emptyToday,
        privacy: { [JOURNAL_METRIC.id]: 'therapist' },
        journal: '  A good walk.  ',
      },
      dials,
      'partnerB',
      now,
      newId,
    )
    expect(lineOnly.entries).toEqual([
      expect.objectContaining({
        metricId: JOURNAL_METRIC.id,
        value: 1,
        note: 'A good walk.',
        privacy: 'therapist',
      }),
    ])
    expect(checkEntry(lineOnly.entries[0], JOURNAL_METRIC)).toBeNull()
    expect(entriesFor(emptyToday, dials, 'partnerB', now, newId).problem).toMatch(/at least one/)
  })

  it('offers the week’s effort and impact beside the dials', () => {
    const { week } = metricsToLog([appreciations])
    expect(week.map((metric) => metric.id)).toEqual(['week:effort', 'week:impact'])
  })
})
