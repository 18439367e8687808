// The web client's way of finding its offset to the server's clock (apps/web/src/lib/serverClock.ts,
// browser code, so its loop is repeated here rather than imported, with the same CLOCK_SAMPLING settings
// from the board package): a burst of 6 `GET /api/time` spaced ~150 ms at start, then 3 more every 60 s,
// over a rolling window of the last 12 samples, estimated with the board package's estimateOffset. The same round trips also feed the single-sample reference: a
// client that asks once per burst and believes the answer (the burst's last one: its connection is warm,
// where the first pays for opening it, which a browser that just loaded the page would not).
import { CLOCK_SAMPLING, estimateOffset } from '@session-board/board'
import type { ClockSample } from '@session-board/board'

export interface OffsetSampler {
  /** Server clock minus the device clock: the board's estimate (NaN until the first burst is in). */
  filteredMs(): number
  /** The same from the last sample of the latest burst alone. */
  singleSampleMs(): number
  /** Round trips of every sample taken. */
  rtts: number[]
  /** Each change of the filtered estimate: when (true time) and to what. */
  estimates: { at: number; offsetMs: number; rttMs: number }[]
  firstBurst: Promise<void>
  stop(): void
}

export function startOffsetSampler(timeUrl: string, deviceNow: () => number): OffsetSampler {
  let samples: ClockSample[] = []
  let filtered = Number.NaN
  let single = Number.NaN
  let stopped = false
  const rtts: number[] = []
  const estimates: OffsetSampler['estimates'] = []

  async function takeSample(): Promise<ClockSample | null> {
    try {
      const sentAt = deviceNow()
      const response = await fetch(timeUrl, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(CLOCK_SAMPLING.sampleTimeoutMs),
      })
      const receivedAt = deviceNow()
      if (!response.ok) return null
      const body = (await response.json()) as { now?: unknown }
      return typeof body.now === 'number' ? { sentAt, serverAt: body.now, receivedAt } : null
    } catch {
      return null
    }
  }

  async function burst(count: number): Promise<void> {
    for (let i = 0; i < count && !stopped; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, CLOCK_SAMPLING.spacingMs))
      const sample = await takeSample()
      if (!sample || stopped) continue
      rtts.push(sample.receivedAt - sample.sentAt)
      single = sample.serverAt - (sample.sentAt + sample.receivedAt) / 2
      samples = [...samples, sample].slice(-CLOCK_SAMPLING.windowSamples)
    }
    const estimate = estimateOffset(samples)
    if (!estimate || stopped) return
    filtered = estimate.offsetMs
    // Date.now() is the true time: every process of the bench shares this machine's clock.
    estimates.push({ at: Date.now(), offsetMs: estimate.offsetMs, rttMs: estimate.rttMs })
  }

  const firstBurst = burst(CLOCK_SAMPLING.firstSamples)
  const interval = setInterval(() => void burst(CLOCK_SAMPLING.laterSamples), CLOCK_SAMPLING.resyncEveryMs)
  return {
    filteredMs: () => filtered,
    singleSampleMs: () => single,
    rtts,
    estimates,
    firstBurst,
    stop() {
      stopped = true
      clearInterval(interval)
    },
  }
}
