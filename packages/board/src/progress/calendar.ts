import { DAY_MS } from '../schema/fields.ts'

/**
 * Calendar days as 'YYYY-MM-DD' strings, the date a partner's phone showed. The arithmetic counts whole
 * days since 1970 through Date.UTC and never reads local time, so a time zone or a daylight-saving
 * change can neither move an entry to another day nor stretch or shrink a stretch of days.
 */
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/** Days since 1970-01-01; NaN for text that is not a YYYY-MM-DD string. */
export function dayNumber(day: string): number {
  const parts = DAY_PATTERN.exec(day)
  if (!parts) return Number.NaN
  return Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3])) / DAY_MS
}

export function dayFromNumber(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10)
}

/** Whether `day` names a real date: not 2025-02-30, not 2025-13-01. */
export function isCalendarDay(day: string): boolean {
  const number = dayNumber(day)
  return Number.isFinite(number) && dayFromNumber(number) === day
}

export function addDays(day: string, days: number): string {
  return dayFromNumber(dayNumber(day) + days)
}

/** The date a phone showed at `time`, given its offset in minutes east of UTC (-getTimezoneOffset()). */
export function dayAt(time: number, utcOffsetMinutes: number): string {
  return dayFromNumber(Math.floor((time + utcOffsetMinutes * 60_000) / DAY_MS))
}

export const WINDOW_DAYS = 14

/** The two weeks that end on `day`, oldest first: always 14 calendar days. */
export function twoWeekWindow(day: string): string[] {
  const last = dayNumber(day)
  return Array.from({ length: WINDOW_DAYS }, (_, index) => dayFromNumber(last - WINDOW_DAYS + 1 + index))
}
