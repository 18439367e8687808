import type * as Y from 'yjs'
import type { BoardDoc } from '../doc.ts'
import {
  cardsMap,
  floorMap,
  huddleMap,
  plansMap,
  readString,
  recordAt,
  recordEntries,
  recordMap,
  revealMap,
  sessionMap,
} from '../doc.ts'
import type { Column, CardRating } from './card.ts'
import { COLUMNS, MAX_RATING, selectColumns } from './card.ts'
import type { FloorTurn } from './floor.ts'
import { selectFloor } from './floor.ts'
import type { GoalOwner, PartnerRole } from './goal.ts'
import { selectHuddle } from './huddle.ts'
import { selectHuddleRecords } from './huddleRecord.ts'
import { selectExperiment } from './plan.ts'
import { defineRecord, field } from '../schema/descriptor.ts'
import {
  ID_PATTERN,
  LONG_TEXT,
  SHORT_TEXT,
  integer,
  list,
  nullable,
  object,
  oneOf,
  owner,
  partner,
  text,
  time,
} from '../schema/fields.ts'

/**
 * The archive of a couple's meetings (root `meetings`, keyed by session id): when a session ends, the
 * server keeps what its meeting left on the board (the review, the floor's turns, the experiment chosen,
 * its huddles), because the couple's document then moves on to the next meeting. Written by the server
 * alone, never changed by anyone's client.
 */
export interface Meeting {
  sessionId: string
  title: string
  startedAt: number
  /** Null only for a meeting archived by the upgrade whose session was never ended. */
  endedAt: number | null
  /** The review board's cards, column by column in the order they showed. */
  review: MeetingCard[]
  floorTurns: FloorTurn[]
  /** The if-then plan chosen in the meeting, as it read then; null if none was chosen. */
  experiment: { planId: string; condition: string; action: string } | null
  /** The runs of the huddles held in it (their records are in `huddles`). */
  huddleRunIds: string[]
}

export interface MeetingCard {
  column: Column
  text: string
  group: string
  owner: GoalOwner
  ratings: Record<PartnerRole, CardRating>
}

export type MeetingTimes = { sessionId: string; title: string; startedAt: number; endedAt: number | null }

/** The roots that hold the meeting under way: emptied when the next one starts. */
export const MEETING_ROOTS = ['cards', 'huddle', 'floor', 'reveal'] as const

/** The floor's settings are the therapist's way of working, not part of one meeting: they stay. */
const FLOOR_SETTINGS = new Set(['turnMs', 'reflectBack', 'airtimeForAll', 'muteListener'])
/** The huddle's agenda is the therapist's plan for every huddle: it stays too. */
const HUDDLE_SETTINGS = new Set(['agenda'])

export function meetingsMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('meetings')
}

/** The session whose meeting the live roots hold; '' before any meeting. */
export function selectCurrentMeetingId(doc: BoardDoc): string {
  return readString(sessionMap(doc), 'meetingId')
}

/** Run ids claimed by the archived meetings other than `sessionId`'s. */
function claimedRuns(doc: BoardDoc, sessionId: string): Set<string> {
  const claimed = new Set<string>()
  for (const meeting of selectMeetings(doc)) {
    if (meeting.sessionId !== sessionId) for (const id of meeting.huddleRunIds) claimed.add(id)
  }
  return claimed
}

/**
 * The experiment chosen during the meeting: the week's experiment if it was chosen since the meeting
 * started (plans keep their choice from week to week), else the plan the meeting's huddle chose.
 */
function experimentOf(doc: BoardDoc, startedAt: number): Meeting['experiment'] {
  const week = selectExperiment(doc)
  if (week && week.chosenAt >= startedAt) {
    return { planId: week.id, condition: week.condition, action: week.action }
  }
  const huddle = selectHuddle(doc)
  const plan = huddle.experimentPlanId ? recordAt(plansMap(doc), huddle.experimentPlanId) : undefined
  if (!plan || (huddle.startedAt ?? 0) < startedAt) return null
  return {
    planId: huddle.experimentPlanId,
    condition: readString(plan, 'condition'),
    action: readString(plan, 'action'),
  }
}

/**
 * The record of `source`'s meeting as plain values. Its huddles are the records in `source` that ended
 * after the meeting started and that no other meeting archived in `archive` claims (a board took the
 * couple's earlier huddle records along).
 */
export function buildMeeting(source: BoardDoc, archive: BoardDoc, times: MeetingTimes): Meeting {
  const columns = selectColumns(source)
  const claimed = claimedRuns(archive, times.sessionId)
  return {
    ...times,
    review: COLUMNS.flatMap((column) =>
      columns[column].map((card) => ({
        column,
        text: card.text,
        group: card.group,
        owner: card.owner,
        ratings: card.ratings,
      })),
    ),
    floorTurns: selectFloor(source).turns,
    experiment: experimentOf(source, times.startedAt),
    huddleRunIds: selectHuddleRecords(source)
      .filter((huddle) => !claimed.has(huddle.id) && huddle.endedAt >= times.startedAt)
      .map((huddle) => huddle.id)
      .reverse(),
  }
}

/** Server only: writes the meeting record into `doc`'s archive (again, if a reopened meeting ends again). */
export function writeMeeting(doc: BoardDoc, meeting: Meeting): void {
  const { sessionId, ...fields } = meeting
  meetingsMap(doc).set(sessionId, recordMap({ sessionId, ...fields }))
}

/**
 * Server only, as a session ends: keeps its meeting in `meetings[sessionId]`. The live roots are left
 * as they are, so the ended board still shows its meeting (read-only) until the next one starts.
 */
export function archiveMeeting(doc: BoardDoc, times: MeetingTimes & { endedAt: number }): void {
  doc.transact(() => writeMeeting(doc, buildMeeting(doc, doc, times)))
}

/** Deletes every key of a map except those `keep` names. */
function clear(map: Y.Map<unknown>, keep: ReadonlySet<string> = new Set()): void {
  for (const key of [...map.keys()]) if (!keep.has(key)) map.delete(key)
}

/** Empties the live roots: no review cards, the huddle idle, the floor free, nothing revealed. */
export function clearLiveMeeting(doc: BoardDoc): void {
  clear(cardsMap(doc))
  clear(huddleMap(doc), HUDDLE_SETTINGS)
  clear(floorMap(doc), FLOOR_SETTINGS)
  clear(revealMap(doc))
}

/**
 * Server only, as a session starts: the live roots are emptied for the new meeting, and the session
 * record names it (`meetingId`, `title`) and opens it. The caller archives the previous meeting first.
 */
export function startMeeting(doc: BoardDoc, input: { sessionId: string; title: string }): void {
  doc.transact(() => {
    clearLiveMeeting(doc)
    const session = sessionMap(doc)
    session.set('meetingId', input.sessionId)
    session.set('title', input.title)
    session.set('status', 'open')
  })
}

// -- reading ----------------------------------------------------------------------------------------

const finite = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null
const plain = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
const words = (value: unknown): string => (typeof value === 'string' ? value : '')
const listAt = (record: Y.Map<unknown>, key: string): unknown[] => {
  const value = record.get(key)
  return Array.isArray(value) ? value : []
}
const rating = (value: unknown): number | null => {
  const number = finite(value)
  return number !== null && Number.isInteger(number) && number >= 0 && number <= MAX_RATING ? number : null
}
const isPartner = (value: unknown): value is PartnerRole => value === 'partnerA' || value === 'partnerB'

function readReviewCard(value: unknown): MeetingCard {
  const card = plain(value)
  const ratings = plain(card.ratings)
  const ratingOf = (who: PartnerRole): CardRating => {
    const given = plain(ratings[who])
    return { effort: rating(given.effort), impact: rating(given.impact) }
  }
  const cardOwner = card.owner
  return {
    column: COLUMNS.find((column) => column === card.column) ?? 'keep',
    text: words(card.text),
    group: words(card.group),
    owner: cardOwner === 'both' || isPartner(cardOwner) ? cardOwner : '',
    ratings: { partnerA: ratingOf('partnerA'), partnerB: ratingOf('partnerB') },
  }
}

function readMeeting(sessionId: string, record: Y.Map<unknown>): Meeting {
  const experiment = record.get('experiment')
  return {
    sessionId,
    title: readString(record, 'title'),
    startedAt: finite(record.get('startedAt')) ?? 0,
    endedAt: finite(record.get('endedAt')),
    review: listAt(record, 'review').map(readReviewCard),
    floorTurns: listAt(record, 'floorTurns').flatMap((value) => {
      const turn = plain(value)
      const since = finite(turn.since)
      if (!isPartner(turn.partner) || since === null) return []
      return [{ partner: turn.partner, since, until: finite(turn.until) }]
    }),
    experiment:
      typeof experiment === 'object' && experiment !== null
        ? {
            planId: words(plain(experiment).planId),
            condition: words(plain(experiment).condition),
            action: words(plain(experiment).action),
          }
        : null,
    huddleRunIds: listAt(record, 'huddleRunIds').filter((id): id is string => typeof id === 'string'),
  }
}

/** Every archived meeting, oldest first. */
export function selectMeetings(doc: BoardDoc): Meeting[] {
  const meetings = recordEntries(meetingsMap(doc)).map(([id, record]) => readMeeting(id, record))
  return meetings.sort((a, b) => a.startedAt - b.startedAt || (a.sessionId < b.sessionId ? -1 : 1))
}

/** A sixteen-week program reviews a few dozen cards a week; these bounds are far above any real one. */
const MAX_REVIEW_CARDS = 1000
const MAX_TURNS = 2000
const MAX_HUDDLES = 100
const recordIdSpec = text(64, { min: 1, pattern: ID_PATTERN })
const cardRating = object({
  effort: nullable(integer(0, MAX_RATING)),
  impact: nullable(integer(0, MAX_RATING)),
})

export const meetingRecord = defineRecord({
  root: 'meetings',
  shape: 'collection',
  writer: 'server',
  stamped: false,
  undo: false,
  fields: [
    field('sessionId', recordIdSpec, 'server'),
    field('title', text(SHORT_TEXT), 'server'),
    field('startedAt', time, 'server'),
    field('endedAt', nullable(time), 'server'),
    field(
      'review',
      list(
        object({
          column: oneOf(COLUMNS),
          text: text(LONG_TEXT),
          group: text(SHORT_TEXT),
          owner,
          ratings: object({ partnerA: cardRating, partnerB: cardRating }),
        }),
        MAX_REVIEW_CARDS,
      ),
      'server',
    ),
    field('floorTurns', list(object({ partner, since: time, until: nullable(time) }), MAX_TURNS), 'server'),
    field(
      'experiment',
      nullable(object({ planId: recordIdSpec, condition: text(LONG_TEXT), action: text(LONG_TEXT) })),
      'server',
    ),
    field('huddleRunIds', list(recordIdSpec, MAX_HUDDLES), 'server'),
  ],
  snapshot: { meetings: selectMeetings },
})
