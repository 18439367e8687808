// Percentiles by the nearest-rank method on a sorted copy: exact, and fine for the ~10^6 samples a run
// produces. Empty input gives NaN so a missing measurement shows up as such instead of as zero.
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number
}

export interface LatencySummary {
  count: number
  p50: number
  p99: number
  p999: number
  max: number
}

export function summarize(samples: readonly number[]): LatencySummary {
  // A typed array sorts numerically (a plain array would sort as strings) and takes half the memory.
  const sorted = Float64Array.from(samples).sort()
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    p999: percentile(sorted, 99.9),
    max: sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN,
  }
}
