import { describe, expect, it } from 'vitest'
import type { Metric } from './metrics.ts'
import {
  DIALS,
  DIAL_METRICS,
  METRIC_DOMAINS,
  METRIC_MENU,
  STANDING_METRICS,
  checkMetric,
  metricsOfPlan,
} from './metrics.ts'

const menu = METRIC_DOMAINS.flatMap((domain) => METRIC_MENU[domain])
const byId = (id: string) => menu.find((metric) => metric.id === id)

const walks: Metric = {
  id: 'metric_walks',
  domain: 'routines',
  title: 'Walk after dinner',
  kind: 'minutes',
  target: 60,
  better: 'more',
  loggedBy: 'either',
  review: 'weekly',
  defaultPrivacy: 'shared',
}

describe('the metric menu', () => {
  it("starts with the articles' five, one per domain, with their targets", () => {
    expect(byId('safety:de-escalation')).toMatchObject({ kind: 'count', target: 2, better: 'more' })
    expect(byId('sobriety:trigger-plan')).toMatchObject({ kind: 'count', target: 4, better: 'more' })
    expect(byId('communication:repair')).toMatchObject({ kind: 'yesNo', target: 1, better: 'more' })
    expect(byId('routines:rituals')).toMatchObject({ kind: 'count', target: 3, better: 'more' })
    expect(byId('joy:appreciations')).toMatchObject({ kind: 'count', target: 5, better: 'more' })
  })

  it('counts conflicts and close calls as less is better', () => {
    expect(byId('communication:heated-conflicts')?.better).toBe('less')
    expect(byId('safety:close-calls')?.better).toBe('less')
  })

  it('keeps safety entries for the therapist alone by default, and shares the rest', () => {
    for (const metric of menu) {
      expect(metric.defaultPrivacy, metric.id).toBe(metric.domain === 'safety' ? 'therapist' : 'shared')
    }
  })

  it('holds only metrics the server accepts, each id once', () => {
    for (const metric of menu) expect(checkMetric(metric), metric.id).toBeNull()
    expect(new Set(menu.map((metric) => metric.id)).size).toBe(menu.length)
  })
})

describe('the three dials', () => {
  it('are 0–10 ratings each partner logs, with red at 4 or below on safety', () => {
    expect(DIALS.map((dial) => DIAL_METRICS[dial].id)).toEqual([
      'dial:safety',
      'dial:sobriety',
      'dial:closeness',
    ])
    for (const dial of DIALS) {
      expect(DIAL_METRICS[dial]).toMatchObject({ kind: 'rating', loggedBy: 'each', better: 'more' })
      expect(checkMetric(DIAL_METRICS[dial]), dial).toBeNull()
    }
    expect(DIAL_METRICS.safety.flags?.red).toBe(4)
    expect(DIAL_METRICS.safety.defaultPrivacy).toBe('therapist')
  })
})

describe('checking a metric', () => {
  it('accepts a metric of their own, with or without a goal and flags', () => {
    expect(checkMetric(walks)).toBeNull()
    expect(checkMetric({ ...walks, goalId: 'goal_abc123' })).toBeNull()
    expect(
      checkMetric({ ...walks, flags: { yellow: 30, responses: { yellow: 'We walk the short loop.' } } }),
    ).toBeNull()
  })

  it('refuses a bad metric with the field and a reason', () => {
    expect(checkMetric({ ...walks, title: '' })).toEqual({
      field: 'metric.title',
      reason: 'metric.title must not be empty.',
    })
    expect(checkMetric({ ...walks, kind: 'stars' })?.field).toBe('metric.kind')
    expect(checkMetric({ ...walks, kind: 'rating', target: 11 })).toEqual({
      field: 'metric.target',
      reason: 'metric.target must be from 0 to 10 for a rating.',
    })
    expect(checkMetric({ ...walks, kind: 'yesNo', target: 1.5 })?.field).toBe('metric.target')
    expect(checkMetric({ ...walks, review: 'daily' })?.reason).toBe(
      'metric.review must be one of weekly, biweekly, monthly.',
    )
    expect(checkMetric({ ...walks, goalId: 'not a goal id' })?.field).toBe('metric.goalId')
    expect(checkMetric({ ...walks, colour: 'green' })?.field).toBe('metric')
    expect(checkMetric({ ...walks, flags: { red: 10 } })?.field).toBe('metric.flags.responses')
    expect(checkMetric({ ...walks, flags: { red: 40, yellow: 20, responses: {} } })?.field).toBe(
      'metric.flags.red',
    )
    expect(checkMetric(null)?.field).toBe('metric')
  })

  it("never quotes the couple's words in a reason", () => {
    const words = 'We call my sister when it gets loud. '.repeat(10)
    const title = checkMetric({ ...walks, title: words })
    const response = checkMetric({ ...walks, flags: { yellow: 30, responses: { yellow: words } } })
    expect(title?.field).toBe('metric.title')
    expect(response?.field).toBe('metric.flags.responses.yellow')
    for (const problem of [title, response]) expect(problem?.reason).not.toContain('sister')
  })
})

describe('what every plan logs', () => {
  it('holds the dials, the week’s effort and impact and the journal, each a metric the plan may hold', () => {
    expect(STANDING_METRICS.map((metric) => metric.id)).toEqual([
      'dial:safety',
      'dial:sobriety',
      'dial:closeness',
      'week:effort',
      'week:impact',
      'journal:line',
    ])
    for (const metric of STANDING_METRICS) expect(checkMetric(metric)).toBeNull()
  })

  it('takes a dial as the plan changed it, and adds the plan’s own metrics after the standing ones', () => {
    const safety: Metric = { ...DIAL_METRICS.safety, flags: { red: 3, responses: { red: 'We pause.' } } }
    const plan = metricsOfPlan([walks, safety])
    expect(plan.map((metric) => metric.id)).toEqual([
      ...STANDING_METRICS.map((metric) => metric.id),
      walks.id,
    ])
    expect(plan[0]).toBe(safety)
  })
})
