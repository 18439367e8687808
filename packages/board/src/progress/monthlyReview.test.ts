import { afterEach, describe, expect, it, vi } from 'vitest'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { createBoardDoc } from '../doc.ts'
import { addGoal, selectGoals, setConsent, updateGoal } from '../records/goal.ts'
import { selectPhaseSchedule } from '../records/phases.ts'
import { selectPlans } from '../records/plan.ts'
import { selectRoutines } from '../records/routine.ts'
import { completeSetback, selectSetbacks, startSetbackReview, updateSetback } from '../records/setback.ts'
import { addStep, selectStepsByGoal, updateStep } from '../records/step.ts'
import { addDays } from './calendar.ts'
import type { ProgressEntry } from './entries.ts'
import { DIAL_METRICS, METRIC_MENU } from './metrics.ts'
import type { FlagRecord, MonthlyReviewInput } from './monthlyReview.ts'
import { monthDays, monthlyReview, reviewEntryRange } from './monthlyReview.ts'

afterEach(() => {
  vi.restoreAllMocks()
})

/** The board clock at noon UTC on `day`, a millisecond later at each read. */
function clockAt(day: string) {
  let now = Date.parse(`${day}T12:00:00Z`)
  vi.spyOn(boardClock, 'now').mockImplementation(() => now++)
}

const appreciations = METRIC_MENU.joy[0]!
const safety = DIAL_METRICS.safety

let entryCount = 0
function entry(
  metricId: string,
  partner: ProgressEntry['partner'],
  day: string,
  value: number,
): ProgressEntry {
  entryCount++
  return {
    id: `00000000-0000-4000-8000-${String(entryCount).padStart(12, '0')}`,
    metricId,
    partner,
    day,
    loggedAt: Date.parse(`${day}T20:00:00Z`),
    utcOffsetMinutes: 0,
    value,
    privacy: 'shared',
  }
}

function flag(id: string, level: FlagRecord['level'], day: string, acknowledged: boolean): FlagRecord {
  const raisedAt = Date.parse(`${day}T20:00:00Z`)
  return {
    id,
    entryId: `entry_${id}`,
    metricId: safety.id,
    partner: 'partnerB',
    level,
    day,
    raisedAt,
    response: level === 'red' ? 'We take a time-out and call the clinic line.' : null,
    acknowledgedAt: acknowledged ? raisedAt + 60_000 : null,
  }
}

function inputFrom(doc: BoardDoc, rest: Partial<MonthlyReviewInput>): MonthlyReviewInput {
  return {
    month: '2025-03',
    goals: selectGoals(doc),
    steps: selectStepsByGoal(doc),
    plans: selectPlans(doc),
    routines: selectRoutines(doc),
    metrics: [appreciations, safety],
    setbacks: selectSetbacks(doc),
    entries: [],
    flags: [],
    phases: { schedule: selectPhaseSchedule(doc), programStart: '2025-01-27' },
    ...rest,
  }
}

describe('the monthly review', () => {
  it('knows the days of each month, leap years included', () => {
    expect(monthDays('2025-03')).toEqual({ first: '2025-03-01', last: '2025-03-31' })
    expect(monthDays('2024-02')).toEqual({ first: '2024-02-01', last: '2024-02-29' })
    expect(monthDays('2025-12')).toEqual({ first: '2025-12-01', last: '2025-12-31' })
    expect(reviewEntryRange('2025-03')).toEqual({ from: '2025-02-16', to: '2025-03-31' })
    expect(() => monthDays('2025-13')).toThrow(RangeError)
  })

  it('assembles what changed, each metric against its target, flags, setbacks and stepping stones', () => {
    const doc = createBoardDoc()
    clockAt('2025-02-03')
    const walks = addGoal(doc, { title: 'Walk together after dinner' })
    const walkStep = addStep(doc, walks, 'Walk twice this week')
    const callStep = addStep(doc, walks, 'Call before leaving work')
    vi.restoreAllMocks()
    clockAt('2025-03-04')
    const money = addGoal(doc, { title: 'Talk about money on Sundays' })
    updateGoal(doc, money, { reviewDate: '2025-03-30' })
    setConsent(doc, money, 'partnerA', true)
    setConsent(doc, money, 'partnerB', true)
    updateStep(doc, walkStep, { status: 'done', sinceDone: 'We walked on Tuesday and Thursday' })
    updateStep(doc, callStep, { status: 'underway', sinceWhyNot: 'Work ran late twice' })
    const setback = startSetbackReview(doc, { flagId: 'flag_red' })
    updateSetback(doc, setback, { whatHappened: 'A hard talk late at night', affirmation: 'We came back.' })
    updateSetback(doc, setback, { nextStep: 'Agree a time for hard talks' })
    completeSetback(doc, setback, {
      kind: 'ifThen',
      condition: 'it is after ten',
      action: 'we wait for the morning',
    })
    const stillOpen = startSetbackReview(doc)

    // Two appreciations a day in March (14 a week, target 5); partner B's Safety falls in the last week.
    const entries: ProgressEntry[] = []
    for (let day = '2025-02-16'; day <= '2025-03-31'; day = addDays(day, 1)) {
      entries.push(entry(appreciations.id, 'partnerA', day, 1), entry(appreciations.id, 'partnerB', day, 1))
      entries.push(entry(safety.id, 'partnerA', day, 8))
      entries.push(entry(safety.id, 'partnerB', day, day >= '2025-03-25' ? 3 : 8))
    }
    const flags = [
      flag('flag_red', 'red', '2025-03-25', true),
      flag('flag_yellow', 'yellow', '2025-03-27', false),
      flag('flag_feb', 'yellow', '2025-02-27', true),
    ]

    const review = monthlyReview(inputFrom(doc, { entries, flags }))

    expect(review).toMatchObject({ month: '2025-03', first: '2025-03-01', last: '2025-03-31' })
    // The program started on 2025-01-27: March runs from week 4 (skill adoption) to week 9 (generalization).
    expect(review.phase).toEqual({ atStart: 'skillAdoption', atEnd: 'generalization', week: 9 })
    expect(review.goals).toEqual([
      expect.objectContaining({
        id: walks,
        added: false,
        agreed: false,
        newlyAgreed: null,
        reviewDue: false,
      }),
      expect.objectContaining({
        id: money,
        added: true,
        agreed: true,
        reviewDate: '2025-03-30',
        reviewDue: true,
      }),
    ])

    const [figure, dial] = review.metrics
    expect(figure).toMatchObject({ id: appreciations.id, average: 14, onTarget: true })
    expect(figure?.byPartner).toEqual({ partnerA: 7, partnerB: 7 })
    expect(figure?.trend).toHaveLength(31)
    // Safety is each partner's: the couple's mean over 14 days holds 7 low days of partner B's.
    expect(dial?.byPartner?.partnerA).toBe(8)
    expect(dial?.byPartner?.partnerB).toBeCloseTo((7 * 8 + 7 * 3) / 14)
    expect(dial?.average).toBeCloseTo((14 * 8 + 7 * 8 + 7 * 3) / 28)

    expect(review.flags.counts).toEqual({
      red: { acknowledged: 1, waiting: 0 },
      yellow: { acknowledged: 0, waiting: 1 },
    })
    expect(review.flags.list.map((item) => item.id)).toEqual(['flag_red', 'flag_yellow'])

    const [plan] = selectPlans(doc)
    expect(review.upgrades).toEqual([
      expect.objectContaining({
        id: setback,
        flagId: 'flag_red',
        openedOn: '2025-03-04',
        completedOn: '2025-03-04',
        affirmation: 'We came back.',
        upgrade: {
          kind: 'ifThen',
          id: plan?.id,
          condition: 'it is after ten',
          action: 'we wait for the morning',
        },
      }),
    ])
    expect(review.setbacks.map((item) => [item.id, item.upgrade?.kind ?? null])).toEqual([
      [setback, 'ifThen'],
      [stillOpen, null],
    ])

    expect(review.steps.done).toEqual([
      expect.objectContaining({ id: walkStep, goalTitle: 'Walk together after dinner', newlyDone: null }),
    ])
    expect(review.steps.notDone).toEqual([
      expect.objectContaining({ id: callStep, status: 'underway', whyNot: 'Work ran late twice' }),
    ])
    // Plain JSON: the page and the PDF read the same thing.
    expect(JSON.parse(JSON.stringify(review))).toEqual(review)
  })

  it('tells what changed since last month', () => {
    const doc = createBoardDoc()
    clockAt('2025-02-03')
    const goal = addGoal(doc, { title: 'Walk together after dinner' })
    const step = addStep(doc, goal, 'Walk twice this week')
    const entries = [entry(appreciations.id, 'partnerA', '2025-02-20', 3)]
    const february = monthlyReview(inputFrom(doc, { month: '2025-02', entries }))
    expect(february.goals[0]).toMatchObject({ added: true, agreed: false })
    expect(february.metrics[0]?.average).toBeCloseTo(3 * 7 * (1 / 9))

    updateGoal(doc, goal, { reviewDate: '2025-04-15' })
    setConsent(doc, goal, 'partnerA', true)
    setConsent(doc, goal, 'partnerB', true)
    updateStep(doc, step, { status: 'done' })
    const march = monthlyReview(inputFrom(doc, { entries, previous: february }))
    expect(march.goals[0]).toMatchObject({
      added: false,
      newlyAgreed: true,
      reviewChanged: true,
      reviewDue: false,
    })
    expect(march.steps.done[0]?.newlyDone).toBe(true)
    expect(march.metrics[0]?.previousAverage).toBe(february.metrics[0]?.average)
    // Nothing logged in the two weeks before March's end.
    expect(march.metrics[0]).toMatchObject({ average: null, onTarget: null })
  })

  it('stops at the day it is asked for while the month is not over', () => {
    const doc = createBoardDoc()
    const entries = [entry(appreciations.id, 'partnerA', '2025-03-01', 5)]
    const review = monthlyReview(inputFrom(doc, { entries, asOf: '2025-03-07' }))
    expect(review.last).toBe('2025-03-07')
    expect(review.metrics[0]).toMatchObject({ average: 5, daysCovered: 7, onTarget: true })
    expect(review.metrics[0]?.trend).toHaveLength(7)
  })
})
