import { describe, expect, it } from 'vitest'
import { addDays, dayAt, dayFromNumber, dayNumber, isCalendarDay, twoWeekWindow } from './calendar.ts'

describe('calendar days', () => {
  it('counts days since 1970 and back', () => {
    expect(dayNumber('1970-01-01')).toBe(0)
    expect(dayNumber('1970-01-02')).toBe(1)
    expect(dayFromNumber(dayNumber('2024-02-29'))).toBe('2024-02-29')
  })

  it('accepts real dates only', () => {
    expect(isCalendarDay('2024-02-29')).toBe(true)
    expect(isCalendarDay('2025-12-31')).toBe(true)
    for (const notADay of [
      '2025-02-29',
      '2025-02-30',
      '2025-13-01',
      '2025-00-10',
      '2025-1-01',
      '0050-01-01',
      '',
    ]) {
      expect(isCalendarDay(notADay), notADay).toBe(false)
    }
  })

  it('steps across month ends, year ends and leap days', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01')
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01')
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01')
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28')
  })

  it("reads the phone's own date from the time and its offset", () => {
    const eveningInUtc = Date.UTC(2025, 2, 1, 20, 0)
    expect(dayAt(eveningInUtc, 9 * 60)).toBe('2025-03-02') // Tokyo: already the next morning
    expect(dayAt(eveningInUtc, -8 * 60)).toBe('2025-03-01') // Los Angeles: noon
    expect(dayAt(Date.UTC(2025, 2, 1, 5, 0), -8 * 60)).toBe('2025-02-28') // Los Angeles: the night before
  })

  it('makes a two-week window of 14 days ending on the day', () => {
    const window = twoWeekWindow('2025-03-09')
    expect(window).toHaveLength(14)
    expect(window[0]).toBe('2025-02-24')
    expect(window[13]).toBe('2025-03-09')
    expect(twoWeekWindow('2024-03-05')[0]).toBe('2024-02-21')
  })
})
