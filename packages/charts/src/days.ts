import { addDays } from '@session-board/board'

/** Every day from `from` to `to`, both included, counted by the board's calendar (no local time). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = []
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day)
  return days
}

/** Monday 0 … Sunday 6, read in UTC so that the viewer's time zone plays no part. */
export function weekdayOf(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7
}
