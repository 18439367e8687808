/**
 * NTP-style estimation of the offset between this device's clock and the server's, from round trips
 * to the server's time endpoint. Pure: the caller takes the samples and sets `boardClock`'s offset.
 */
export interface ClockSample {
  /** This device's clock just before the request was sent. */
  sentAt: number
  /** The server's clock when it answered. */
  serverAt: number
  /** This device's clock when the answer arrived. */
  receivedAt: number
}

export interface OffsetEstimate {
  /** Server clock minus this device's clock. */
  offsetMs: number
  /** The round trip of the fastest sample: half of it bounds that sample's error. */
  rttMs: number
}

const median = (sorted: readonly number[]): number => {
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/**
 * One sample's offset assumes the request and the answer took equally long: serverAt − the midpoint of
 * the round trip. Its error is at most half the round trip, so only the fastest third of the samples
 * (at least one) is kept, and their median offset is taken: a delayed sample or a single odd answer
 * does not move the estimate. Null without a usable sample.
 */
export function estimateOffset(samples: readonly ClockSample[]): OffsetEstimate | null {
  const usable = samples
    .filter(
      ({ sentAt, serverAt, receivedAt }) =>
        Number.isFinite(sentAt) &&
        Number.isFinite(serverAt) &&
        Number.isFinite(receivedAt) &&
        receivedAt >= sentAt,
    )
    .map(({ sentAt, serverAt, receivedAt }) => ({
      rttMs: receivedAt - sentAt,
      offsetMs: serverAt - (sentAt + receivedAt) / 2,
    }))
    .sort((a, b) => a.rttMs - b.rttMs)
  const fastest = usable.slice(0, Math.max(1, Math.ceil(usable.length / 3)))
  const best = fastest[0]
  if (!best) return null
  return {
    offsetMs: median(fastest.map((sample) => sample.offsetMs).sort((a, b) => a - b)),
    rttMs: best.rttMs,
  }
}

/**
 * How a browser samples the server's clock (`GET /api/time`), in one place for the web client and the
 * benchmark that measures it: a burst at start, a smaller one every minute, over a rolling window.
 */
export const CLOCK_SAMPLING = {
  firstSamples: 6,
  laterSamples: 3,
  spacingMs: 150,
  resyncEveryMs: 60_000,
  /** The rolling window the estimate is made over: the first burst and the next two. */
  windowSamples: 12,
  /** A sample slower than this says nothing useful about the offset; give up on it. */
  sampleTimeoutMs: 5_000,
} as const
