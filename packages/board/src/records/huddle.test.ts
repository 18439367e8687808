import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { createBoardDoc, huddleMap } from '../doc.ts'
import { giveFloor, takeBackFloor } from './floor.ts'
import {
  advancePhase,
  endHuddle,
  extendPhase,
  pauseHuddle,
  resumeHuddle,
  selectHuddle,
  setAgenda,
  setAppreciation,
  setCheckIn,
  setExperiment,
  skipToPhase,
  startHuddle,
} from './huddle.ts'
import type { AgendaPhase } from './huddleClock.ts'
import { defaultAgenda, huddleAt } from './huddleClock.ts'
import { selectHuddleRecords } from './huddleRecord.ts'
import { addPlan } from './plan.ts'

const T0 = 1_700_000_000_000
const MIN = 60_000

let doc: BoardDoc
let now = T0
const at = (instant: number) => {
  now = instant
}
const view = () => huddleAt(selectHuddle(doc), now)

beforeEach(() => {
  doc = createBoardDoc()
  now = T0
  vi.spyOn(boardClock, 'now').mockImplementation(() => now)
})
afterEach(() => {
  vi.restoreAllMocks()
})

describe('the huddle clock, driven by the therapist', () => {
  it('starts at the first phase with the default agenda and moves on without any write', () => {
    expect(selectHuddle(doc)).toMatchObject({ status: 'notStarted', runId: null, agenda: defaultAgenda })
    startHuddle(doc)
    const state = selectHuddle(doc)
    expect(state).toMatchObject({ status: 'running', anchorIndex: 0, anchorStartedAt: T0, startedAt: T0 })
    expect(state.runId).toMatch(/^huddle_/)
    let writes = 0
    doc.on('update', () => writes++)
    at(T0 + 5 * MIN)
    expect(view()).toMatchObject({ phaseIndex: 1, remainingMs: 7 * MIN })
    expect(writes).toBe(0)
  })

  it('keeps the remaining time across a pause, however long', () => {
    startHuddle(doc)
    at(T0 + 6 * MIN) // 6 of 7 minutes of the review are left
    pauseHuddle(doc)
    at(T0 + 50 * MIN)
    expect(view()).toMatchObject({ status: 'paused', phaseIndex: 1, remainingMs: 6 * MIN })
    resumeHuddle(doc)
    expect(view()).toMatchObject({ status: 'running', phaseIndex: 1, remainingMs: 6 * MIN })
    at(T0 + 56 * MIN)
    expect(view()).toMatchObject({ phaseIndex: 2, remainingMs: 5 * MIN })
  })

  it('extends the phase shown now, even after several phases moved on by themselves', () => {
    startHuddle(doc)
    at(T0 + 13 * MIN) // the experiment phase, 1 minute in
    extendPhase(doc, 2 * MIN)
    expect(selectHuddle(doc)).toMatchObject({
      anchorIndex: 2,
      anchorStartedAt: T0 + 12 * MIN,
      extraMs: 2 * MIN,
    })
    expect(view()).toMatchObject({ phaseIndex: 2, remainingMs: 6 * MIN })
    extendPhase(doc, MIN)
    expect(view()).toMatchObject({ phaseIndex: 2, remainingMs: 7 * MIN })
    at(T0 + 20 * MIN)
    expect(view()).toMatchObject({ phaseIndex: 3, remainingMs: 3 * MIN })
  })

  it('gives a phase whose time is up the extension from now', () => {
    setAgenda(doc, [{ id: 'talk', kind: 'custom', title: 'Talk', minutes: 1, advance: 'therapist' }])
    startHuddle(doc)
    at(T0 + 4 * MIN)
    expect(view()).toMatchObject({ waitingForTherapist: true })
    extendPhase(doc, MIN)
    expect(view()).toMatchObject({ phaseIndex: 0, remainingMs: MIN, waitingForTherapist: false })
  })

  it('skips to a phase, which starts now with its full time, also from a pause', () => {
    startHuddle(doc)
    at(T0 + MIN)
    skipToPhase(doc, 3)
    expect(selectHuddle(doc)).toMatchObject({ anchorIndex: 3, anchorStartedAt: T0 + MIN, extraMs: 0 })
    expect(view()).toMatchObject({ phaseIndex: 3, remainingMs: 3 * MIN })
    pauseHuddle(doc)
    at(T0 + 10 * MIN)
    skipToPhase(doc, 1)
    expect(view()).toMatchObject({ status: 'paused', phaseIndex: 1, remainingMs: 7 * MIN })
    at(T0 + 30 * MIN)
    resumeHuddle(doc)
    expect(view()).toMatchObject({ phaseIndex: 1, remainingMs: 7 * MIN })
    skipToPhase(doc, 9)
    expect(view()).toMatchObject({ phaseIndex: 1 })
  })

  it('waits at a therapist-paced phase until the therapist moves on', () => {
    const agenda: AgendaPhase[] = defaultAgenda.map((phase, index) =>
      index === 0 ? { ...phase, advance: 'therapist' } : phase,
    )
    setAgenda(doc, agenda)
    startHuddle(doc)
    at(T0 + 9 * MIN)
    expect(view()).toMatchObject({ phaseIndex: 0, waitingForTherapist: true, remainingMs: 0 })
    advancePhase(doc)
    expect(view()).toMatchObject({ phaseIndex: 1, waitingForTherapist: false, remainingMs: 7 * MIN })
  })

  it('changes the agenda only before the start', () => {
    const short: AgendaPhase[] = [{ id: 'a', kind: 'custom', title: 'Only', minutes: 2, advance: 'auto' }]
    setAgenda(doc, short)
    expect(selectHuddle(doc).agenda).toEqual(short)
    startHuddle(doc)
    setAgenda(doc, [...defaultAgenda])
    expect(selectHuddle(doc).agenda).toEqual(short)
  })

  it('reads each partner’s own check-in answers and appreciation, for this run only', () => {
    startHuddle(doc)
    setCheckIn(doc, 'partnerA', 'needs', 'More sleep')
    setAppreciation(doc, 'partnerB', 'You made dinner on Tuesday')
    const state = selectHuddle(doc)
    expect(state.checkIn.partnerA).toEqual({
      feelings: '',
      facts: '',
      needs: 'More sleep',
      requests: '',
      appreciation: '',
    })
    expect(state.appreciations).toEqual({ partnerA: '', partnerB: 'You made dinner on Tuesday' })
    const runId = selectHuddle(doc).runId
    expect(huddleMap(doc).get('checkIn.partnerA.needs')).toEqual({ text: 'More sleep', runId })
    expect(huddleMap(doc).get('appreciation.partnerB')).toEqual({ text: 'You made dinner on Tuesday', runId })

    // Next week's huddle starts with empty answers, though the therapist cannot clear the partners' keys.
    endHuddle(doc)
    startHuddle(doc)
    expect(selectHuddle(doc).checkIn.partnerA.needs).toBe('')
    expect(selectHuddle(doc).appreciations.partnerB).toBe('')
  })
})

describe('the huddle record', () => {
  it('keeps how long each part took, the turns, the experiment and the appreciations', () => {
    const planId = addPlan(doc, { condition: 'stress ≥ 7 at 6pm', action: '10 min breathing' })
    at(T0 - MIN)
    giveFloor(doc, 'partnerA') // before the huddle: cut to its start
    at(T0)
    startHuddle(doc)
    at(T0 + 6 * MIN)
    giveFloor(doc, 'partnerB')
    at(T0 + 8 * MIN)
    takeBackFloor(doc)
    at(T0 + 13 * MIN) // the experiment phase, 1 minute in
    extendPhase(doc, 2 * MIN)
    setExperiment(doc, planId)
    at(T0 + 14 * MIN)
    skipToPhase(doc, 3)
    setAppreciation(doc, 'partnerA', 'Thank you for the walk')
    at(T0 + 15 * MIN)
    pauseHuddle(doc)
    at(T0 + 25 * MIN)
    resumeHuddle(doc)
    at(T0 + 26 * MIN)
    giveFloor(doc, 'partnerA') // still open at the end
    at(T0 + 27 * MIN)
    endHuddle(doc)

    const state = selectHuddle(doc)
    expect(state).toMatchObject({ status: 'ended', endedAt: T0 + 27 * MIN })
    expect(huddleAt(state, now).phaseIndex).toBeNull()
    const [record, ...others] = selectHuddleRecords(doc)
    expect(others).toEqual([])
    expect(record).toEqual({
      id: state.runId,
      startedAt: T0,
      endedAt: T0 + 27 * MIN,
      phases: [
        { title: 'Check-in', kind: 'checkIn', plannedMs: 5 * MIN, actualMs: 5 * MIN },
        { title: 'Review the tracker', kind: 'review', plannedMs: 7 * MIN, actualMs: 7 * MIN },
        { title: 'Choose one experiment', kind: 'experiment', plannedMs: 5 * MIN, actualMs: 2 * MIN },
        // 1 minute, then 10 paused (not counted), then 2 more.
        { title: 'Appreciation', kind: 'appreciation', plannedMs: 3 * MIN, actualMs: 3 * MIN },
      ],
      floorTurns: [
        { partner: 'partnerA', since: T0, until: T0 + 6 * MIN },
        { partner: 'partnerB', since: T0 + 6 * MIN, until: T0 + 8 * MIN },
        { partner: 'partnerA', since: T0 + 26 * MIN, until: T0 + 27 * MIN },
      ],
      experimentPlanId: planId,
      experiment: { condition: 'stress ≥ 7 at 6pm', action: '10 min breathing' },
      appreciations: { partnerA: 'Thank you for the walk', partnerB: '' },
    })
  })

  it('lists records newest first, and a new run starts afresh', () => {
    startHuddle(doc)
    const first = selectHuddle(doc).runId
    at(T0 + MIN)
    endHuddle(doc)
    at(T0 + 2 * MIN)
    startHuddle(doc)
    const second = selectHuddle(doc).runId
    expect(second).not.toBe(first)
    expect(selectHuddle(doc)).toMatchObject({ status: 'running', startedAt: T0 + 2 * MIN, endedAt: null })
    at(T0 + 3 * MIN)
    endHuddle(doc)
    expect(selectHuddleRecords(doc).map((record) => record.id)).toEqual([second, first])
    expect(selectHuddleRecords(doc)[1]?.phases[0]?.actualMs).toBe(MIN)
    expect(selectHuddleRecords(doc)[1]?.experiment).toBeNull()
  })
})
