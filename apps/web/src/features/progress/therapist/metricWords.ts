import type { LoggedBy, MetricDomain, MetricKind, ReviewRhythm } from '@session-board/board'

export const DOMAIN_NAMES: Readonly<Record<MetricDomain, string>> = {
  safety: 'Safety',
  sobriety: 'Sobriety',
  communication: 'Communication',
  routines: 'Routines',
  joy: 'Joy',
}

export const KIND_LABELS: Readonly<Record<MetricKind, string>> = {
  count: 'A count per week',
  minutes: 'Minutes per week',
  rating: 'A 0–10 rating',
  yesNo: 'Yes or no',
}

export const LOGGED_BY_LABELS: Readonly<Record<LoggedBy, string>> = {
  each: 'Each partner, their own',
  either: 'Either partner, for the couple',
  couple: 'The couple, one entry together',
}

export const REVIEW_LABELS: Readonly<Record<ReviewRhythm, string>> = {
  weekly: 'Weekly',
  biweekly: 'Every two weeks',
  monthly: 'Monthly',
}
