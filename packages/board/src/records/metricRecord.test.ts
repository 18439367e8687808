import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { boardClock } from '../clock.ts'
import { createBoardDoc } from '../doc.ts'
import { DIAL_METRICS, METRIC_MENU } from '../progress/metrics.ts'
import { classifyWrite, mayWrite } from '../rules/writeRules.ts'
import { selectBoard } from '../store.ts'
import { createUndo } from '../undo.ts'
import { addGoal, removeGoal } from './goal.ts'
import { chooseMetric, metricsMap, removeMetric, selectMetrics, updateMetric } from './metricRecord.ts'

// Each read of the clock is a millisecond later, so which metric was chosen first is well defined.
beforeEach(() => {
  let now = 1_700_000_000_000
  vi.spyOn(boardClock, 'now').mockImplementation(() => now++)
})

const appreciations = METRIC_MENU.joy[0]!
const conflicts = METRIC_MENU.communication[1]!

describe("the couple's chosen metrics", () => {
  it('keeps metrics chosen from the menu, and the dials, as they were chosen', () => {
    const doc = createBoardDoc()
    expect(chooseMetric(doc, appreciations)).toEqual({ id: 'joy:appreciations', problem: null })
    expect(chooseMetric(doc, DIAL_METRICS.closeness).problem).toBeNull()
    expect(chooseMetric(doc, DIAL_METRICS.safety).problem).toBeNull()
    expect(selectMetrics(doc)).toEqual([appreciations, DIAL_METRICS.closeness, DIAL_METRICS.safety])
    expect(selectBoard(doc).metrics).toEqual(selectMetrics(doc))
  })

  it("keeps the therapist's own metric with its lines and the couple's responses", () => {
    const doc = createBoardDoc()
    const goalId = addGoal(doc, { title: 'Argue less, repair sooner' })
    const { id, problem } = chooseMetric(doc, {
      domain: 'communication',
      title: 'We took a 20-minute break when flooded',
      kind: 'count',
      target: 3,
      better: 'more',
      loggedBy: 'either',
      goalId,
      review: 'biweekly',
      defaultPrivacy: 'shared',
      flags: { yellow: 1, responses: { yellow: 'We book an extra session.' } },
    })
    expect(problem).toBeNull()
    expect(id).toMatch(/^metric_/)
    const [metric] = selectMetrics(doc)
    expect(metric).toMatchObject({
      id,
      goalId,
      flags: { yellow: 1, responses: { yellow: 'We book an extra session.' } },
    })
    expect(metric?.flags).not.toHaveProperty('red')

    // A removed goal is no longer the metric's goal; the metric stays.
    removeGoal(doc, goalId)
    expect(selectMetrics(doc)[0]).not.toHaveProperty('goalId')
  })

  it('refuses a metric that makes no sense, with its reason, before anything is written', () => {
    const doc = createBoardDoc()
    let updates = 0
    doc.on('update', () => updates++)
    const flagAboveTarget = { ...appreciations, flags: { yellow: 6, responses: {} } }
    expect(chooseMetric(doc, flagAboveTarget).problem).toEqual({
      field: 'metric.flags.yellow',
      reason: 'metric.flags.yellow must be below the target, so meeting the target raises no flag.',
    })
    expect(chooseMetric(doc, { ...appreciations, kind: 'rating', target: 12 }).problem?.field).toBe(
      'metric.target',
    )
    expect(chooseMetric(doc, { ...appreciations, title: '' }).problem?.field).toBe('metric.title')
    expect(updates).toBe(0)
    expect(metricsMap(doc).size).toBe(0)

    chooseMetric(doc, appreciations)
    expect(chooseMetric(doc, appreciations).problem?.field).toBe('metric.id')
    const written = updates
    expect(updateMetric(doc, appreciations.id, { flags: { red: 9, responses: {} } })?.field).toBe(
      'metric.flags.red',
    )
    expect(updates).toBe(written)
    expect(selectMetrics(doc)).toEqual([appreciations])
  })

  it('changes and removes a chosen metric, each in one step the therapist can undo', () => {
    const doc = createBoardDoc()
    chooseMetric(doc, conflicts)
    const undo = createUndo(doc, { role: 'therapist', captureTimeout: 0 })
    expect(
      updateMetric(doc, conflicts.id, {
        target: 1,
        flags: { yellow: 2, red: 4, responses: { red: 'We call the therapist.' } },
      }),
    ).toBeNull()
    expect(selectMetrics(doc)[0]).toMatchObject({ target: 1, flags: { yellow: 2, red: 4 } })
    expect(updateMetric(doc, conflicts.id, { flags: null })).toBeNull()
    expect(selectMetrics(doc)[0]).toEqual({ ...conflicts, target: 1 })
    // Linked to a goal, then no longer.
    const evenings = addGoal(doc, { title: 'Calmer evenings' })
    expect(updateMetric(doc, conflicts.id, { goalId: evenings })).toBeNull()
    expect(selectMetrics(doc)[0]?.goalId).toBe(evenings)
    expect(updateMetric(doc, conflicts.id, { goalId: null })).toBeNull()
    expect(selectMetrics(doc)[0]).toEqual({ ...conflicts, target: 1 })
    removeMetric(doc, conflicts.id)
    expect(selectMetrics(doc)).toEqual([])
    undo.undo()
    expect(selectMetrics(doc)).toEqual([{ ...conflicts, target: 1 }])
  })

  it('leaves out a stored record that is not a metric', () => {
    const doc = createBoardDoc()
    chooseMetric(doc, appreciations)
    metricsMap(doc).set('metric_notamap', 'hello')
    metricsMap(doc).set('metric_badkind', new Y.Map(Object.entries({ title: 'Walks', kind: 'miles' })))
    expect(selectMetrics(doc)).toEqual([appreciations])
  })
})

describe('who writes the metrics', () => {
  it("is the therapist alone: a partner's write of a metric is refused, in session or not", () => {
    const target = { root: 'metrics', keys: ['joy:appreciations', 'target'] }
    const response = { root: 'metrics', keys: ['joy:appreciations', 'redResponse'] }
    expect(classifyWrite(target)).toBe('therapist')
    expect(classifyWrite(response)).toBe('therapist')
    expect(classifyWrite({ root: 'metrics', keys: ['joy:appreciations'] })).toBe('therapist')
    expect(mayWrite('therapist', { role: 'partnerA', sessionEnded: false })).toBe(false)
    expect(mayWrite('therapist', { role: 'therapist', sessionEnded: false })).toBe(true)
  })
})
