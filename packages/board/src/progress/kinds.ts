/** How a metric is measured: a count (per week), minutes (per week), a 0–10 rating, or yes/no. */
export type MetricKind = 'count' | 'minutes' | 'rating' | 'yesNo'
export const METRIC_KINDS: readonly MetricKind[] = ['count', 'minutes', 'rating', 'yesNo']

/**
 * The most one entry may hold (a day's count or minutes, a rating, 1 for yes), and the most a figure
 * may reach: targets, thresholds and averages are per week for counts and minutes, a mean for
 * ratings and a share of days for yes/no. Entries are whole numbers; figures need not be.
 */
export const KIND_LIMITS: Readonly<Record<MetricKind, { entry: number; figure: number }>> = {
  count: { entry: 100, figure: 700 },
  minutes: { entry: 1440, figure: 7 * 1440 },
  rating: { entry: 10, figure: 10 },
  yesNo: { entry: 1, figure: 1 },
}

export const KIND_NAMES: Readonly<Record<MetricKind, string>> = {
  count: 'a count',
  minutes: 'minutes',
  rating: 'a rating',
  yesNo: 'a yes/no metric',
}

/** Averages carry float rounding: a figure within a billionth of a line counts as on it. */
export const ROUNDING = 1e-9
