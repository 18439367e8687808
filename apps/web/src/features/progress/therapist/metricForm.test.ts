import { describe, expect, it } from 'vitest'
import {
  DIAL_METRICS,
  METRIC_MENU,
  chooseMetric,
  createBoardDoc,
  selectMetrics,
  updateMetric,
} from '@session-board/board'
import {
  blankDraft,
  draftFromMetric,
  fieldOfProblem,
  metricFromDraft,
  metricsWithDials,
} from './metricForm.ts'

const fun = METRIC_MENU.joy[1]!

describe('the metric form', () => {
  it('turns a menu metric with lines and responses into the metric the plan stores', () => {
    const draft = {
      ...draftFromMetric(fun),
      yellow: '1',
      red: '0',
      redResponse: ' We plan a walk on Sunday. ',
    }
    const outcome = metricFromDraft(draft)
    expect(outcome.problem).toBeNull()
    const doc = createBoardDoc()
    expect(chooseMetric(doc, outcome.metric!).id).toBe('joy:fun')
    const [stored] = selectMetrics(doc)
    expect(stored?.flags).toEqual({ yellow: 1, red: 0, responses: { red: 'We plan a walk on Sunday.' } })
  })

  it('starts a safety metric of the therapist’s own as only for the therapist', () => {
    expect(blankDraft('safety').defaultPrivacy).toBe('therapist')
    expect(blankDraft('joy').defaultPrivacy).toBe('shared')
  })

  it('gives a new metric no id, so the plan makes one', () => {
    const draft = {
      ...blankDraft('routines'),
      title: 'Minutes of reading aloud',
      kind: 'minutes' as const,
      target: '30',
    }
    const outcome = metricFromDraft(draft)
    expect(outcome.metric).not.toHaveProperty('id')
    const doc = createBoardDoc()
    expect(chooseMetric(doc, outcome.metric!).id).toMatch(/^metric_/)
  })

  it('refuses a red line on the wrong side of yellow, beside the red field', () => {
    const draft = { ...draftFromMetric(DIAL_METRICS.safety), yellow: '4', red: '6' }
    const outcome = metricFromDraft(draft)
    expect(outcome.metric).toBeNull()
    expect(fieldOfProblem(outcome.problem!)).toBe('red')
  })

  it('refuses a missing target and a target past what the kind can hold', () => {
    expect(fieldOfProblem(metricFromDraft({ ...blankDraft('joy'), title: 'x' }).problem!)).toBe('target')
    const rating = { ...blankDraft('joy'), title: 'How close I felt', kind: 'rating' as const, target: '12' }
    const problem = metricFromDraft(rating).problem!
    expect(fieldOfProblem(problem)).toBe('target')
    expect(problem.reason).toContain('10')
  })

  it('takes both lines away when they are emptied', () => {
    const doc = createBoardDoc()
    chooseMetric(doc, DIAL_METRICS.closeness)
    const emptied = metricFromDraft({ ...draftFromMetric(DIAL_METRICS.closeness), yellow: '' })
    expect(emptied.metric).not.toHaveProperty('flags')
    const { id, ...rest } = emptied.metric!
    expect(updateMetric(doc, id, { ...rest, flags: null })).toBeNull()
    expect(selectMetrics(doc)[0]?.flags).toBeUndefined()
  })
})

describe('the three dials', () => {
  it('are always listed first, with their defaults until the plan holds them', () => {
    const doc = createBoardDoc()
    chooseMetric(doc, fun)
    const shown = metricsWithDials(selectMetrics(doc))
    expect(shown.map(({ metric }) => metric.id)).toEqual([
      'dial:safety',
      'dial:sobriety',
      'dial:closeness',
      'joy:fun',
    ])
    expect(shown.slice(0, 3).every(({ inPlan }) => !inPlan)).toBe(true)
  })

  it('keep the couple’s agreed response once it is written', () => {
    const doc = createBoardDoc()
    const draft = {
      ...draftFromMetric(DIAL_METRICS.safety),
      redResponse: 'We take a time-out and call the clinic line.',
    }
    chooseMetric(doc, metricFromDraft(draft).metric!)
    const [safety] = metricsWithDials(selectMetrics(doc))
    expect(safety?.inPlan).toBe(true)
    expect(safety?.metric.flags?.responses.red).toBe('We take a time-out and call the clinic line.')
  })
})
