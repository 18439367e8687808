import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { ProgressEntry } from './entries.ts'
import { MAX_NOTE, checkEntry } from './entries.ts'
import { DIAL_METRICS, METRIC_MENU } from './metrics.ts'
import type { Metric } from './metrics.ts'

const safety = DIAL_METRICS.safety
const repair = METRIC_MENU.communication.find((metric) => metric.id === 'communication:repair') as Metric
const dinners: Metric = { ...METRIC_MENU.routines[1]!, loggedBy: 'couple' }

/** Partner B logs a safety dial of 6 on the evening of 10 March 2025 in Berlin. */
const loggedInBerlin = (patch: Partial<Record<keyof ProgressEntry, unknown>> = {}) => ({
  id: randomUUID(),
  metricId: 'dial:safety',
  partner: 'partnerB',
  day: '2025-03-10',
  loggedAt: Date.UTC(2025, 2, 10, 20, 30),
  utcOffsetMinutes: 60,
  value: 6,
  privacy: 'therapist',
  ...patch,
})

describe('checking an entry', () => {
  it('accepts a dial, with or without a journal line', () => {
    expect(checkEntry(loggedInBerlin(), safety)).toBeNull()
    expect(checkEntry(loggedInBerlin({ note: 'A calm evening.' }), safety)).toBeNull()
    expect(checkEntry(loggedInBerlin({ value: 0 }), safety)).toBeNull()
    expect(checkEntry(loggedInBerlin({ value: 10 }), safety)).toBeNull()
  })

  it("refuses a value outside the metric's kind", () => {
    expect(checkEntry(loggedInBerlin({ value: 11 }), safety)).toEqual({
      field: 'entry.value',
      reason: 'entry.value must be from 0 to 10.',
    })
    expect(checkEntry(loggedInBerlin({ value: 6.5 }), safety)?.reason).toBe(
      'entry.value must be a whole number.',
    )
    expect(checkEntry(loggedInBerlin({ value: -1 }), safety)?.field).toBe('entry.value')
    expect(checkEntry(loggedInBerlin({ value: '6' }), safety)?.reason).toBe('entry.value must be a number.')
    const yesNo = { metricId: repair.id, partner: 'partnerA', privacy: 'shared' }
    expect(checkEntry(loggedInBerlin({ ...yesNo, value: 1 }), repair)).toBeNull()
    expect(checkEntry(loggedInBerlin({ ...yesNo, value: 2 }), repair)?.reason).toBe(
      'entry.value must be from 0 to 1.',
    )
  })

  it('refuses a day that is not a real date, or that had not come on the phone', () => {
    expect(checkEntry(loggedInBerlin({ day: '2025-02-30' }), safety)).toEqual({
      field: 'entry.day',
      reason: 'entry.day must be a real calendar date.',
    })
    expect(checkEntry(loggedInBerlin({ day: '10.03.2025' }), safety)?.field).toBe('entry.day')
    expect(checkEntry(loggedInBerlin({ day: '2025-03-11' }), safety)?.reason).toBe(
      'entry.day is later than the date on the phone when it was logged.',
    )
    expect(checkEntry(loggedInBerlin({ day: '2025-03-08' }), safety)).toBeNull()
  })

  it("takes the day from a traveller's phone even when UTC is still on the day before", () => {
    const tokyoMorning = { loggedAt: Date.UTC(2025, 2, 10, 23, 30), utcOffsetMinutes: 9 * 60 }
    expect(checkEntry(loggedInBerlin({ ...tokyoMorning, day: '2025-03-11' }), safety)).toBeNull()
    expect(checkEntry(loggedInBerlin({ utcOffsetMinutes: 15 * 60 }), safety)?.field).toBe(
      'entry.utcOffsetMinutes',
    )
  })

  it('matches who logged it to who logs the metric', () => {
    expect(checkEntry(loggedInBerlin({ partner: 'couple' }), safety)).toEqual({
      field: 'entry.partner',
      reason: 'entry.partner must be partnerA or partnerB: a partner logs this metric.',
    })
    const dinner = { metricId: dinners.id, value: 1, privacy: 'shared' }
    expect(checkEntry(loggedInBerlin({ ...dinner, partner: 'couple' }), dinners)).toBeNull()
    expect(checkEntry(loggedInBerlin({ ...dinner, partner: 'partnerA' }), dinners)?.field).toBe(
      'entry.partner',
    )
    expect(checkEntry(loggedInBerlin({ partner: 'therapist' }), safety)?.reason).toBe(
      'entry.partner must be one of partnerA, partnerB, couple.',
    )
  })

  it('refuses an entry without a made-on-the-phone id, for another metric, or with extra fields', () => {
    expect(checkEntry(loggedInBerlin({ id: 'entry-1' }), safety)?.field).toBe('entry.id')
    expect(checkEntry(loggedInBerlin({ metricId: 'dial:closeness' }), safety)?.reason).toBe(
      'entry.metricId does not match the metric.',
    )
    expect(checkEntry({ ...loggedInBerlin(), mood: 'low' }, safety)?.field).toBe('entry')
    const { privacy: _privacy, ...withoutPrivacy } = loggedInBerlin()
    expect(checkEntry(withoutPrivacy, safety)).toEqual({
      field: 'entry.privacy',
      reason: 'entry.privacy is missing.',
    })
  })

  it('refuses a journal line that is too long without quoting it', () => {
    const note = 'He shouted at me again tonight. '.repeat(10)
    const problem = checkEntry(loggedInBerlin({ note }), safety)
    expect(note.length).toBeGreaterThan(MAX_NOTE)
    expect(problem).toEqual({
      field: 'entry.note',
      reason: `entry.note must be at most ${MAX_NOTE} characters.`,
    })
    expect(problem?.reason).not.toContain('shouted')
  })
})
