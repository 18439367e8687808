import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { canvasMap, createBoardDoc, recordEntries, sessionMap } from '../doc.ts'
import { addCard, selectColumns } from '../records/card.ts'
import { giveFloor, selectFloor, takeBackFloor } from '../records/floor.ts'
import { addGoal, selectGoals, setConsent } from '../records/goal.ts'
import {
  DEFAULT_CRITERIA,
  addProposal,
  createScoresDoc,
  selectGrid,
  selectProposals,
  selectScores,
  setCriteria,
  setScore,
} from '../records/grid.ts'
import { endHuddle, selectHuddle, startHuddle } from '../records/huddle.ts'
import { exportHuddleRecords, importHuddleRecords, selectHuddleRecords } from '../records/huddleRecord.ts'
import { meetingsMap, selectCurrentMeetingId, selectMeetings } from '../records/meeting.ts'
import { addExperiment, selectPlans } from '../records/plan.ts'
import { addStep, selectStepsByGoal, updateStep } from '../records/step.ts'
import { migrateBoard } from '../schema.ts'
import { checkValue } from '../schema/fields.ts'
import { fieldRuleFor, recordFor } from '../schema/registry.ts'
import { mergeLegacyBoard } from './mergeLegacyBoard.ts'
import { mergeLegacyScores } from './mergeLegacyScores.ts'

const T0 = 1_700_000_000_000
const MIN = 60_000
const WEEK = 7 * 24 * 60 * MIN

let now = T0
const at = (instant: number) => {
  now = instant
}

beforeEach(() => {
  now = T0
  vi.spyOn(boardClock, 'now').mockImplementation(() => now)
})
afterEach(() => {
  vi.restoreAllMocks()
})

/** A session's own board as main kept it: migrated when it was made, then used for one meeting. */
function legacyBoard(title: string): BoardDoc {
  const doc = createBoardDoc()
  migrateBoard(doc)
  sessionMap(doc).set('title', title)
  return doc
}

function huddle(doc: BoardDoc, from: number): string {
  at(from)
  startHuddle(doc)
  at(from + 20 * MIN)
  endHuddle(doc)
  return selectHuddleRecords(doc)[0]!.id
}

/** Week 1 (ended): a goal both agreed to, two stepping stones, the review, turns, a huddle, the grid. */
function week1() {
  const doc = legacyBoard('Week 1')
  at(T0 + MIN)
  const walk = addGoal(doc, { title: 'Walk together after dinner, three evenings a week' })
  setConsent(doc, walk, 'partnerA', true)
  setConsent(doc, walk, 'partnerB', true)
  addStep(doc, walk, 'Pick the three evenings')
  updateStep(doc, addStep(doc, walk, 'Find a route'), { status: 'done' })
  addCard(doc, { text: 'We laughed on Sunday', column: 'keep' })
  at(T0 + 2 * MIN)
  giveFloor(doc, 'partnerA')
  at(T0 + 3 * MIN)
  takeBackFloor(doc)
  const plan = addExperiment(doc, { condition: 'If it rains', action: 'we walk the stairs', owner: 'both' })
  setCriteria(doc, [...DEFAULT_CRITERIA, { id: 'joy', label: 'Joy' }])
  addProposal(doc, 'Saturday mornings for us')
  canvasMap(doc).set(
    'shape:walk',
    new Y.Map<unknown>([
      ['id', 'shape:walk'],
      ['typeName', 'shape'],
      ['props.goalId', walk],
    ]),
  )
  const run = huddle(doc, T0 + 5 * MIN)
  return { doc, walk, plan, run }
}

/** Week 2 (open, the latest): it took week 1's huddle record along, as main carried it by name. */
function week2(carriedFrom: BoardDoc) {
  const doc = legacyBoard('Week 2')
  importHuddleRecords(doc, exportHuddleRecords(carriedFrom))
  at(T0 + WEEK + MIN)
  const cook = addGoal(doc, { title: 'Cook together on Saturdays' })
  setConsent(doc, cook, 'partnerB', true)
  addCard(doc, { text: 'The walks are working', column: 'keep' })
  at(T0 + WEEK + 2 * MIN)
  giveFloor(doc, 'partnerB')
  const run = huddle(doc, T0 + WEEK + 5 * MIN)
  return { doc, cook, run }
}

const times = {
  week1: { sessionId: 'ses_week1', title: 'Week 1', createdAt: T0, endedAt: T0 + 50 * MIN },
  week2: { sessionId: 'ses_week2', title: 'Week 2', createdAt: T0 + WEEK, endedAt: null },
}

function problemsIn(doc: BoardDoc): string[] {
  const problems: string[] = []
  for (const [id, record] of recordEntries(meetingsMap(doc))) {
    record.forEach((value, key) => {
      const rule = fieldRuleFor(recordFor('meetings')!, key)
      const problem = rule ? checkValue(rule.value, value, id) : 'unknown_field'
      if (problem) problems.push(`meetings.${key}: ${problem}`)
    })
  }
  return problems
}

describe('merging a couple’s legacy boards into the couple’s document', () => {
  it('keeps every goal with its consents, every stepping stone, plan, proposal and canvas record; huddle records once', () => {
    const one = week1()
    const two = week2(one.doc)
    const couple = createBoardDoc()

    const first = mergeLegacyBoard(couple, one.doc, { ...times.week1, latest: false })
    const second = mergeLegacyBoard(couple, two.doc, { ...times.week2, latest: true })

    expect(selectGoals(couple).map((goal) => [goal.title, goal.willing])).toEqual([
      ['Walk together after dinner, three evenings a week', { partnerA: true, partnerB: true }],
      ['Cook together on Saturdays', { partnerA: false, partnerB: true }],
    ])
    expect(selectStepsByGoal(couple)[one.walk]?.map((step) => [step.title, step.status])).toEqual([
      ['Pick the three evenings', 'planned'],
      ['Find a route', 'done'],
    ])
    expect(selectPlans(couple).map((plan) => plan.id)).toEqual([one.plan])
    expect(selectProposals(couple).map((proposal) => proposal.title)).toEqual(['Saturday mornings for us'])
    expect(selectGrid(couple).criteria.map((criterion) => criterion.id)).toEqual([
      'burden',
      'benefit',
      'risk',
      'joy',
    ])
    expect(canvasMap(couple).get('shape:walk')).toBeInstanceOf(Y.Map)
    expect((canvasMap(couple).get('shape:walk') as Y.Map<unknown>).get('props.goalId')).toBe(one.walk)
    expect(
      selectHuddleRecords(couple)
        .map((record) => record.id)
        .sort(),
    ).toEqual([one.run, two.run].sort())
    expect(first).toMatchObject({ archived: true, live: false })
    expect(second).toMatchObject({ archived: false, live: true, alreadyThere: { huddles: 1 } })
  })

  it('files the ended meeting in the archive and keeps the latest one live on the board', () => {
    const one = week1()
    const two = week2(one.doc)
    const couple = createBoardDoc()
    mergeLegacyBoard(couple, one.doc, { ...times.week1, latest: false })
    mergeLegacyBoard(couple, two.doc, { ...times.week2, latest: true })

    expect(selectMeetings(couple)).toEqual([
      {
        sessionId: 'ses_week1',
        title: 'Week 1',
        startedAt: T0,
        endedAt: T0 + 50 * MIN,
        review: [expect.objectContaining({ column: 'keep', text: 'We laughed on Sunday' })],
        floorTurns: [{ partner: 'partnerA', since: T0 + 2 * MIN, until: T0 + 3 * MIN }],
        experiment: { planId: one.plan, condition: 'If it rains', action: 'we walk the stairs' },
        huddleRunIds: [one.run],
      },
    ])
    expect(selectColumns(couple).keep.map((card) => card.text)).toEqual(['The walks are working'])
    expect(selectFloor(couple).turns.map((turn) => turn.partner)).toEqual(['partnerB'])
    expect(selectHuddle(couple).runId).toBe(two.run)
    expect(selectCurrentMeetingId(couple)).toBe('ses_week2')
    expect(sessionMap(couple).get('status')).toBe('open')
    expect(problemsIn(couple)).toEqual([])
  })

  it('a latest session that ended is archived and still shown; one never ended but followed by another is archived too', () => {
    const one = week1()
    const two = week2(one.doc)
    const couple = createBoardDoc()
    mergeLegacyBoard(couple, one.doc, { ...times.week1, endedAt: null, latest: false })
    const report = mergeLegacyBoard(couple, two.doc, {
      ...times.week2,
      endedAt: T0 + WEEK + 40 * MIN,
      latest: true,
    })

    expect(report).toMatchObject({ archived: true, live: true })
    expect(
      selectMeetings(couple).map((meeting) => [meeting.sessionId, meeting.endedAt, meeting.huddleRunIds]),
    ).toEqual([
      ['ses_week1', null, [one.run]],
      ['ses_week2', T0 + WEEK + 40 * MIN, [two.run]],
    ])
    expect(sessionMap(couple).get('status')).toBe('ended')
    expect(selectColumns(couple).keep).toHaveLength(1)
  })

  it('leaves the legacy board as it was, and merging it again adds nothing', () => {
    const one = week1()
    const before = Y.encodeStateAsUpdate(one.doc)
    const couple = createBoardDoc()
    mergeLegacyBoard(couple, one.doc, { ...times.week1, latest: false })
    const again = mergeLegacyBoard(couple, one.doc, { ...times.week1, latest: false })

    expect(Y.encodeStateAsUpdate(one.doc)).toEqual(before)
    expect(again).toMatchObject({ added: {}, archived: false })
    expect(selectGoals(couple)).toHaveLength(1)
    expect(selectMeetings(couple)).toHaveLength(1)
  })

  it('brings a partner’s private scores along, keeping those the couple already has', () => {
    const legacy = createScoresDoc()
    setScore(legacy, 'proposal_a', 'burden', 3)
    setScore(legacy, 'proposal_a', 'benefit', 9)
    legacy.getMap('scores').set('not a score key', 4)
    const couple = createScoresDoc()
    setScore(couple, 'proposal_a', 'burden', 5)

    expect(mergeLegacyScores(couple, legacy)).toBe(1)
    expect(selectScores(couple)).toEqual({ proposal_a: { burden: 5, benefit: 9 } })
  })
})
