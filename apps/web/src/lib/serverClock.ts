import { CLOCK_SAMPLING, boardClock, estimateOffset } from '@session-board/board'
import type { ClockSample } from '@session-board/board'
import { serverTimeSchema } from '@session-board/protocol'

export interface ServerClockState {
  /** Server clock minus this device's clock, in ms; null until the first estimate. */
  offsetMs: number | null
  /** The round trip of the sample the estimate rests on. */
  rttMs: number | null
  synced: boolean
}

/** What the UI reads, with React's useSyncExternalStore. */
export interface ServerClockStore {
  subscribe(listener: () => void): () => void
  getSnapshot(): ServerClockState
}

export interface ServerClock extends ServerClockStore {
  stop(): void
}

/** The device's wall clock moved against the monotonic one by more than this: it was set. */
const CLOCK_JUMP_MS = 1_000

/**
 * Keeps `boardClock` on the server's time, NTP-style: bursts of `GET /api/time` when it starts, every
 * minute, when the browser comes back online and when the page is shown again. Every person's huddle
 * countdown then shows the same second even when a device's own clock is minutes wrong.
 */
export function startServerClock(): ServerClock {
  let state: ServerClockState = { offsetMs: null, rttMs: null, synced: false }
  const listeners = new Set<() => void>()
  let samples: ClockSample[] = []
  let stopped = false
  let syncing = false
  let inFlight: AbortController | null = null
  // Date.now() minus performance.now() at the last sample: when it moves, the device clock was set and
  // the samples taken before are measured against a clock that no longer exists.
  let wallAgainstMonotonic: number | null = null

  const publish = (next: ServerClockState) => {
    state = next
    for (const listener of listeners) listener()
  }

  // The wall clock is read directly on purpose: its distance to the server's is what is measured.
  async function takeSample(): Promise<ClockSample | null> {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), CLOCK_SAMPLING.sampleTimeoutMs)
    inFlight = controller
    try {
      const sentAt = Date.now()
      const response = await fetch('/api/time', {
        cache: 'no-store',
        headers: { accept: 'application/json' },
        signal: controller.signal,
      })
      const receivedAt = Date.now()
      if (!response.ok) return null
      const parsed = serverTimeSchema.safeParse(await response.json())
      return parsed.success ? { sentAt, serverAt: parsed.data.now, receivedAt } : null
    } catch {
      // Offline, aborted or not JSON: the estimate so far stands.
      return null
    } finally {
      clearTimeout(timer)
      inFlight = null
    }
  }

  function forgetSamplesIfClockWasSet() {
    const current = Date.now() - performance.now()
    if (wallAgainstMonotonic !== null && Math.abs(current - wallAgainstMonotonic) > CLOCK_JUMP_MS) {
      samples = []
    }
    wallAgainstMonotonic = current
  }

  async function sync(count: number) {
    if (syncing || stopped) return
    syncing = true
    try {
      let added = 0
      for (let i = 0; i < count; i++) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, CLOCK_SAMPLING.spacingMs))
        if (stopped) return
        // Offline, a request can only fail; the 'online' event starts a new burst.
        if (!navigator.onLine) break
        const sample = await takeSample()
        if (stopped) return
        if (!sample) continue
        forgetSamplesIfClockWasSet()
        samples = [...samples, sample].slice(-CLOCK_SAMPLING.windowSamples)
        added++
      }
      if (added === 0) return
      const estimate = estimateOffset(samples)
      if (!estimate) return
      boardClock.setServerOffset(estimate.offsetMs)
      if (estimate.offsetMs !== state.offsetMs || estimate.rttMs !== state.rttMs || !state.synced) {
        publish({ offsetMs: estimate.offsetMs, rttMs: estimate.rttMs, synced: true })
      }
    } finally {
      syncing = false
    }
  }

  // Until a first estimate stands (the first burst failed), a re-sync is a full first burst.
  const resync = () => void sync(state.synced ? CLOCK_SAMPLING.laterSamples : CLOCK_SAMPLING.firstSamples)
  const onVisibility = () => {
    if (document.visibilityState === 'visible') resync()
  }
  // A hidden page is throttled anyway; it catches up when it is shown again.
  const interval = setInterval(() => {
    if (document.visibilityState === 'visible') resync()
  }, CLOCK_SAMPLING.resyncEveryMs)
  window.addEventListener('online', resync)
  document.addEventListener('visibilitychange', onVisibility)
  void sync(CLOCK_SAMPLING.firstSamples)

  return {
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    getSnapshot: () => state,
    stop() {
      stopped = true
      clearInterval(interval)
      window.removeEventListener('online', resync)
      document.removeEventListener('visibilitychange', onVisibility)
      inFlight?.abort()
      listeners.clear()
    },
  }
}
