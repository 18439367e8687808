// What a couple's long program writes, session by session, drawn by a seeded generator so every run
// writes the same program. The plan part (goals with their stepping stones and consents, the canvas's
// drawing, rewrites and clearings, the stepping-stone updates) and the meeting part (review cards,
// floor turns, a huddle) are kept apart, so the bench can also write either part alone into a couple of
// its own.
import { COLUMNS } from '@session-board/board'
import type { Column, PartnerRole } from '@session-board/board'
import { seededRandom } from '../canvas/shapes.ts'
import { CanvasPlanner } from './canvasWork.ts'
import type { Clearing, Rewrite, Stroke } from './canvasWork.ts'

export type Writer = 'therapist' | PartnerRole

export interface ProgramSize {
  /** Sessions of history: each starts, is written in, and ends. */
  sessions: number
  goals: number
  stepsPerGoal: number
  stepUpdates: number
  /**
   * Canvas records written over the program: a card per goal, sticky notes, arrows and their bindings.
   * Each session's notes and arrows are cleared in the next, but for one note and one arrow.
   */
  canvasRecords: number
  /** Each shape is rewritten this many times after it was drawn (moved, its text or bend edited). */
  rewritesPerShape: number
  /** Review cards the partners write in each meeting. */
  cardsPerMeeting: number
}

export const LONG_PROGRAM: ProgramSize = {
  sessions: 48,
  goals: 30,
  stepsPerGoal: 2,
  stepUpdates: 200,
  canvasRecords: 2_000,
  rewritesPerShape: 3,
  cardsPerMeeting: 4,
}

/** The baseline: a new couple's board with only one session, a few goals and their cards. */
export const ONE_SESSION: ProgramSize = {
  sessions: 1,
  goals: 3,
  stepsPerGoal: 2,
  stepUpdates: 0,
  canvasRecords: 3,
  rewritesPerShape: 0,
  cardsPerMeeting: 4,
}

/** The long program's counts for fewer sessions (a quick check), in proportion. */
export function scaledProgram(sessions: number): ProgramSize {
  const share = sessions / LONG_PROGRAM.sessions
  const goals = Math.max(1, Math.round(LONG_PROGRAM.goals * share))
  return {
    ...LONG_PROGRAM,
    sessions,
    goals,
    stepUpdates: Math.round(LONG_PROGRAM.stepUpdates * share),
    canvasRecords: Math.max(goals, Math.round(LONG_PROGRAM.canvasRecords * share)),
  }
}

export interface NewGoal {
  key: string
  title: string
  specific: string
  measurable: string
  steps: string[]
}

export interface StepUpdate {
  /** The goal's key and the step's index among its steps. */
  goalKey: string
  step: number
  by: PartnerRole
  patch: {
    status?: 'planned' | 'underway' | 'done' | 'paused'
    sinceDone?: string
    sinceWhyNot?: string
    sinceNext?: string
  }
}

/** What one session writes: last session's scratch cleared, additions, then everyone's changes. */
export interface SessionActs {
  clearing: Clearing | null
  goals: NewGoal[]
  strokes: Stroke[]
  /** Each new goal's consent, by both partners. */
  consents: string[]
  rewrites: Rewrite[]
  stepUpdates: StepUpdate[]
  cards: { by: PartnerRole; text: string; column: Column }[]
  /** Partners given the floor, in turn, by the therapist. */
  floorTurns: PartnerRole[]
  /** A huddle run from start to end, which leaves its record. */
  huddle: boolean
}

export interface ProgramActs {
  /** The sessions of history, each ended after it was written. */
  history: SessionActs[]
  /** The session after them, live: last session's scratch cleared, a meeting under way, no huddle yet. */
  live: SessionActs
}

const words = ['walk', 'dinner', 'check-in', 'budget', 'calls', 'sleep', 'kids', 'chores', 'date', 'weekend']
const statuses = ['underway', 'done', 'paused', 'planned'] as const

/**
 * The share of `total` that falls to session `i` of `sessions`: spread evenly, none lost to rounding, and
 * the first session always gets some (its goals are what the stepping-stone updates start from).
 */
const slice = (total: number, i: number, sessions: number): [number, number] => [
  Math.ceil((i * total) / sessions),
  Math.ceil(((i + 1) * total) / sessions),
]

export function programActs(size: ProgramSize, seed = 7): ProgramActs {
  const random = seededRandom(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const phrase = (n: number): string => Array.from({ length: n }, () => pick(words)).join(' ')
  const canvas = new CanvasPlanner({
    random,
    sessions: size.sessions,
    records: size.canvasRecords,
    rewritesPerShape: size.rewritesPerShape,
  })
  const cardsOf = (i: number): SessionActs['cards'] =>
    Array.from({ length: size.cardsPerMeeting }, (_, k) => ({
      by: (k % 2 === 0 ? 'partnerA' : 'partnerB') as PartnerRole,
      text: `${phrase(4)}, session ${i + 1}`,
      column: COLUMNS[k % COLUMNS.length] as Column,
    }))
  const history: SessionActs[] = []
  const goalsSoFar: NewGoal[] = []
  for (let i = 0; i < size.sessions; i++) {
    const [goalFrom, goalTo] = slice(size.goals, i, size.sessions)
    const goals = Array.from({ length: goalTo - goalFrom }, (_, k): NewGoal => {
      const n = goalFrom + k + 1
      return {
        key: `g${n}`,
        title: `Goal ${n}: ${phrase(3)}`,
        specific: `Together we ${phrase(4)} on the evenings we agreed`,
        measurable: `Three times a week, ticked off on the fridge list`,
        steps: Array.from(
          { length: size.stepsPerGoal },
          (_, s) => `Step ${s + 1} of goal ${n}: ${phrase(3)}`,
        ),
      }
    })
    goalsSoFar.push(...goals)
    const [recordFrom, recordTo] = slice(size.canvasRecords - size.goals, i, size.sessions)
    const drawing = canvas.session(
      i,
      goals.map((goal) => goal.key),
      recordTo - recordFrom,
      phrase,
    )
    const [updateFrom, updateTo] = slice(size.stepUpdates, i, size.sessions)
    const updates = goalsSoFar.length > 0 ? updateTo - updateFrom : 0
    const stepUpdates = Array.from({ length: updates }, (_, k): StepUpdate => {
      const goal = pick(goalsSoFar)
      const by = (updateFrom + k) % 2 === 0 ? 'partnerA' : 'partnerB'
      const kind = (updateFrom + k) % 4
      const patch: StepUpdate['patch'] =
        kind === 0
          ? { status: pick(statuses) }
          : kind === 1
            ? { sinceDone: `We managed ${phrase(3)} twice this week` }
            : kind === 2
              ? { sinceWhyNot: `The ${phrase(2)} got in the way on Thursday` }
              : { sinceNext: `Before next time: ${phrase(4)}` }
      return { goalKey: goal.key, step: Math.floor(random() * size.stepsPerGoal), by, patch }
    })
    history.push({
      ...drawing,
      goals,
      consents: goals.map((goal) => goal.key),
      stepUpdates,
      cards: cardsOf(i),
      floorTurns: ['partnerA', 'partnerB'],
      huddle: true,
    })
  }
  const live: SessionActs = {
    ...meetingUnderWay(cardsOf(size.sessions)),
    clearing: canvas.clearLastSession(),
  }
  return { history, live }
}

/** A meeting under way: the partners' review cards and a turn on the floor each, no huddle yet. */
export function meetingUnderWay(cards: SessionActs['cards']): SessionActs {
  return {
    clearing: null,
    goals: [],
    strokes: [],
    consents: [],
    rewrites: [],
    stepUpdates: [],
    cards,
    floorTurns: ['partnerA', 'partnerB'],
    huddle: false,
  }
}
