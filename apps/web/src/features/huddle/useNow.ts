import { useEffect, useState } from 'react'
import { boardClock } from '@session-board/board'

/**
 * The server's time as this browser estimates it, read again every `everyMs`. Every clock shown on the
 * board comes from here, never from the device's own time.
 */
export function useServerNow(everyMs = 250): number {
  const [now, setNow] = useState(() => boardClock.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(boardClock.now()), everyMs)
    return () => clearInterval(timer)
  }, [everyMs])
  return now
}

/** m:ss, rounding up so a phase shows 0:00 only when it is over. */
export function formatRemaining(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

/** For screen readers: "4 minutes 5 seconds". */
export function spokenRemaining(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  const minutes = Math.floor(seconds / 60)
  const rest = seconds % 60
  const parts = []
  if (minutes > 0) parts.push(`${minutes} minute${minutes === 1 ? '' : 's'}`)
  if (rest > 0 || minutes === 0) parts.push(`${rest} second${rest === 1 ? '' : 's'}`)
  return parts.join(' ')
}
