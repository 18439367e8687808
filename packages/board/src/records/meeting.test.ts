import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { createBoardDoc, recordEntries, sessionMap } from '../doc.ts'
import { checkValue } from '../schema/fields.ts'
import { fieldRuleFor, recordFor } from '../schema/registry.ts'
import { addCard, rateCard, selectColumns, setCardGroup, setCardOwner } from './card.ts'
import { giveFloor, selectFloor, setReflectBack, takeBackFloor } from './floor.ts'
import { addGoal, selectGoals } from './goal.ts'
import { endHuddle, selectHuddle, setAgenda, startHuddle } from './huddle.ts'
import { defaultAgenda } from './huddleClock.ts'
import { selectHuddleRecords } from './huddleRecord.ts'
import {
  archiveMeeting,
  meetingsMap,
  selectCurrentMeetingId,
  selectMeetings,
  startMeeting,
} from './meeting.ts'
import { addExperiment } from './plan.ts'
import { revealScores, selectRevealed } from './reveal.ts'

const T0 = 1_700_000_000_000
const MIN = 60_000

let doc: BoardDoc
let now = T0
const at = (instant: number) => {
  now = instant
}

beforeEach(() => {
  doc = createBoardDoc()
  now = T0
  vi.spyOn(boardClock, 'now').mockImplementation(() => now)
})
afterEach(() => {
  vi.restoreAllMocks()
})

/** A meeting as a couple holds one: the review, two turns, a chosen experiment and a huddle. */
function holdMeeting(startedAt: number, words: string): { huddleId: string; planId: string } {
  at(startedAt + MIN)
  const kept = addCard(doc, { text: `${words}: kept`, column: 'keep' })
  setCardGroup(doc, kept, 'Evenings')
  setCardOwner(doc, kept, 'partnerA')
  rateCard(doc, kept, 'partnerB', 'impact', 8)
  addCard(doc, { text: `${words}: started`, column: 'start' })
  at(startedAt + 2 * MIN)
  giveFloor(doc, 'partnerA')
  at(startedAt + 3 * MIN)
  giveFloor(doc, 'partnerB')
  at(startedAt + 4 * MIN)
  takeBackFloor(doc)
  const planId = addExperiment(doc, { condition: `If ${words}`, action: 'we walk', owner: 'both' })
  at(startedAt + 5 * MIN)
  startHuddle(doc)
  at(startedAt + 25 * MIN)
  endHuddle(doc)
  return { huddleId: selectHuddleRecords(doc)[0]!.id, planId }
}

/** Every value in the archive and the session record fits what the registry says the field may hold. */
function problemsIn(board: BoardDoc): string[] {
  const problems: string[] = []
  const check = (root: string, id: string, key: string, value: unknown) => {
    const rule = fieldRuleFor(recordFor(root)!, key)
    const problem = rule ? checkValue(rule.value, value, id) : 'unknown_field'
    if (problem) problems.push(`${root}.${key}: ${problem}`)
  }
  for (const [id, record] of recordEntries(meetingsMap(board))) {
    record.forEach((value, key) => check('meetings', id, key, value))
  }
  sessionMap(board).forEach((value, key) => check('session', '', key, value))
  return problems
}

describe('a meeting kept in the couple’s archive', () => {
  it('archiving keeps the review, the turns, the experiment and the huddle; the ended board still shows them', () => {
    startMeeting(doc, { sessionId: 'ses_week1', title: 'Week 1' })
    const { huddleId, planId } = holdMeeting(T0, 'rain')
    const columnsBefore = selectColumns(doc)

    archiveMeeting(doc, { sessionId: 'ses_week1', title: 'Week 1', startedAt: T0, endedAt: T0 + 50 * MIN })

    expect(selectMeetings(doc)).toEqual([
      {
        sessionId: 'ses_week1',
        title: 'Week 1',
        startedAt: T0,
        endedAt: T0 + 50 * MIN,
        review: [
          {
            column: 'keep',
            text: 'rain: kept',
            group: 'Evenings',
            owner: 'partnerA',
            ratings: { partnerA: { effort: null, impact: null }, partnerB: { effort: null, impact: 8 } },
          },
          {
            column: 'start',
            text: 'rain: started',
            group: '',
            owner: '',
            ratings: { partnerA: { effort: null, impact: null }, partnerB: { effort: null, impact: null } },
          },
        ],
        floorTurns: [
          { partner: 'partnerA', since: T0 + 2 * MIN, until: T0 + 3 * MIN },
          { partner: 'partnerB', since: T0 + 3 * MIN, until: T0 + 4 * MIN },
        ],
        experiment: { planId, condition: 'If rain', action: 'we walk' },
        huddleRunIds: [huddleId],
      },
    ])
    expect(selectColumns(doc)).toEqual(columnsBefore)
    expect(problemsIn(doc)).toEqual([])
  })

  it('starting the next meeting empties the review, the huddle, the floor and the reveal, and keeps the plan and the therapist’s settings', () => {
    startMeeting(doc, { sessionId: 'ses_week1', title: 'Week 1' })
    const agenda = defaultAgenda.slice(0, 2).map((phase) => ({ ...phase, minutes: 4 }))
    setAgenda(doc, agenda)
    setReflectBack(doc, true)
    addGoal(doc, { title: 'Walk after dinner' })
    holdMeeting(T0, 'rain')
    revealScores(doc, 'ratings')
    archiveMeeting(doc, { sessionId: 'ses_week1', title: 'Week 1', startedAt: T0, endedAt: T0 + 50 * MIN })

    startMeeting(doc, { sessionId: 'ses_week2', title: 'Week 2' })

    expect(selectColumns(doc)).toEqual({ keep: [], stop: [], start: [] })
    expect(selectHuddle(doc)).toMatchObject({ status: 'notStarted', runId: null, startedAt: null, agenda })
    expect(selectFloor(doc)).toMatchObject({ holder: null, turns: [], hands: [], reflectBack: true })
    expect(selectRevealed(doc)).toEqual({})
    expect(selectGoals(doc).map((goal) => goal.title)).toEqual(['Walk after dinner'])
    expect(selectHuddleRecords(doc)).toHaveLength(1)
    expect(selectMeetings(doc)).toHaveLength(1)
    expect(selectCurrentMeetingId(doc)).toBe('ses_week2')
    expect(sessionMap(doc).get('title')).toBe('Week 2')
    expect(sessionMap(doc).get('status')).toBe('open')
    expect(problemsIn(doc)).toEqual([])
  })

  it('each meeting claims only its own huddles and its own experiment; a meeting ended again is kept once', () => {
    startMeeting(doc, { sessionId: 'ses_week1', title: 'Week 1' })
    const first = holdMeeting(T0, 'rain')
    archiveMeeting(doc, { sessionId: 'ses_week1', title: 'Week 1', startedAt: T0, endedAt: T0 + 50 * MIN })
    const week2 = T0 + 7 * 24 * 60 * MIN
    startMeeting(doc, { sessionId: 'ses_week2', title: 'Week 2' })
    at(week2 + MIN)
    startHuddle(doc)
    at(week2 + 20 * MIN)
    endHuddle(doc)
    const second = selectHuddleRecords(doc)[0]!.id

    archiveMeeting(doc, {
      sessionId: 'ses_week2',
      title: 'Week 2',
      startedAt: week2,
      endedAt: week2 + 40 * MIN,
    })
    // Reopened and ended again: the same record, rebuilt.
    archiveMeeting(doc, {
      sessionId: 'ses_week2',
      title: 'Week 2',
      startedAt: week2,
      endedAt: week2 + 45 * MIN,
    })

    const meetings = selectMeetings(doc)
    expect(meetings.map((meeting) => [meeting.sessionId, meeting.huddleRunIds])).toEqual([
      ['ses_week1', [first.huddleId]],
      ['ses_week2', [second]],
    ])
    // Week 1's experiment is still the week's experiment, but it was not chosen in week 2.
    expect(meetings[1]).toMatchObject({
      experiment: null,
      review: [],
      floorTurns: [],
      endedAt: week2 + 45 * MIN,
    })
  })
})
