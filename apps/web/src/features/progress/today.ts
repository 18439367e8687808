import { boardClock, dayAt } from '@session-board/board'

/** Today as this device's calendar shows it, on the board's clock. */
export function today(): string {
  return dayAt(boardClock.now(), -new Date().getTimezoneOffset())
}
