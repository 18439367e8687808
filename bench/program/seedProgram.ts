// Writes a program into a couple's document through the sync socket, with the board package's named
// mutations and the canvas binding's way of writing records, as the therapist and each partner (one
// unmodified y-websocket client each, their own connect token): a partner clears last session's scratch
// work and the therapist adds goals, stepping stones and goal cards; then the partners draw notes and
// arrows; once everyone has them, the partners consent and update stepping stones, everyone moves and
// // edits shapes, the partners write review cards, and the therapist gives the floor and runs a huddle.
// Every update passes the server's door and write rules; a session counts as written when a fourth
// client (the therapist's second tab) holds all of it.
import {
  LOCAL_ORIGIN,
  addCard,
  addGoal,
  addStep,
  canvasMap,
  endHuddle,
  giveFloor,
  setConsent,
  startHuddle,
  takeBackFloor,
  updateStep,
} from '@session-board/board'
import type { PartnerRole } from '@session-board/board'
import * as Y from 'yjs'
import { connectClient, refusalNote, waitFor, whenSynced } from '../canvas/client.ts'
import type { SyncClient } from '../canvas/client.ts'
import type { Stroke } from './canvasWork.ts'
import type { Clinic, Couple } from './people.ts'
import type { SessionActs, Writer } from './program.ts'

/** Which acts a couple's document gets: all, the plan's alone, or the meeting's alone. */
export type ProgramPart = 'all' | 'plan' | 'meeting'

/** Ids the program's keys became, for the acts of later sessions. */
export interface WrittenIds {
  goals: Map<string, string>
  steps: Map<string, string[]>
}

export const newIds = (): WrittenIds => ({ goals: new Map(), steps: new Map() })

interface Board {
  clients: Record<Writer, SyncClient>
  check: SyncClient
}

async function openBoard(clinic: Clinic, wsBase: string, couple: Couple, sessionId: string): Promise<Board> {
  const [therapist, partnerA, partnerB, check] = await Promise.all([
    clinic.therapistToken(sessionId),
    couple.partners.partnerA.token(sessionId),
    couple.partners.partnerB.token(sessionId),
    clinic.therapistToken(sessionId),
  ])
  const board: Board = {
    clients: {
      therapist: connectClient(wsBase, sessionId, therapist),
      partnerA: connectClient(wsBase, sessionId, partnerA),
      partnerB: connectClient(wsBase, sessionId, partnerB),
    },
    check: connectClient(wsBase, sessionId, check),
  }
  try {
    await Promise.all(everyone(board).map((client) => whenSynced(client, 30_000)))
  } catch (error) {
    closeBoard(board)
    throw error
  }
  return board
}

const everyone = (board: Board): SyncClient[] => [...Object.values(board.clients), board.check]

function closeBoard(board: Board): void {
  for (const client of everyone(board)) client.destroy()
}

const ownClock = (doc: Y.Doc): number => Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID) ?? 0

/** Waits until every reader holds everything each writer wrote (the server passed it all on). */
async function caughtUp(writers: SyncClient[], readers: SyncClient[], what: string): Promise<void> {
  const wanted = writers.map((writer) => [writer.doc.clientID, ownClock(writer.doc)] as const)
  const holds = (reader: SyncClient): boolean => {
    const state = Y.decodeStateVector(Y.encodeStateVector(reader.doc))
    return wanted.every(([client, clock]) => (state.get(client) ?? 0) >= clock)
  }
  if (await waitFor(() => readers.every(holds), 60_000)) return
  const refused = [...writers, ...readers].map(refusalNote).find((note) => note !== '') ?? ''
  throw new Error(`the server did not pass on ${what} within 60 s${refused}`)
}

function applyActs(board: Board, acts: SessionActs, part: ProgramPart, ids: WrittenIds): Promise<void> {
  const plan = part !== 'meeting'
  const meeting = part !== 'plan'
  const { therapist, partnerA, partnerB } = board.clients
  const partner = (role: PartnerRole): SyncClient => (role === 'partnerA' ? partnerA : partnerB)
  const doc = (who: Writer): Y.Doc => board.clients[who].doc
  const writers = (who: Writer[]): SyncClient[] => who.map((w) => board.clients[w])

  // One transaction per stroke, as the canvas binding writes what was drawn on one frame.
  const draw = (stroke: Stroke): void => {
    const canvas = canvasMap(doc(stroke.by))
    doc(stroke.by).transact(() => {
      for (const record of stroke.records) {
        const goalId = record.goalKey === null ? null : (ids.goals.get(record.goalKey) ?? '')
        const fields = goalId === null ? record.fields : { ...record.fields, 'props.goalId': goalId }
        canvas.set(record.id, new Y.Map(Object.entries(fields)))
      }
    }, LOCAL_ORIGIN)
  }

  // The couple clears last session's scratch, then the therapist adds goals, stepping stones and cards.
  const therapistFirst = async (): Promise<void> => {
    if (!plan) return
    const clearing = acts.clearing
    if (clearing) {
      const canvas = canvasMap(doc(clearing.by))
      doc(clearing.by).transact(() => {
        for (const id of clearing.ids) canvas.delete(id)
      }, LOCAL_ORIGIN)
    }
    for (const goal of acts.goals) {
      const goalId = addGoal(therapist.doc, {
        title: goal.title,
        specific: goal.specific,
        measurable: goal.measurable,
      })
      ids.goals.set(goal.key, goalId)
      ids.steps.set(
        goal.key,
        goal.steps.map((title) => addStep(therapist.doc, goalId, title)),
      )
    }
    for (const stroke of acts.strokes) if (stroke.by === 'therapist') draw(stroke)
    const who: Writer[] = clearing ? ['therapist', clearing.by] : ['therapist']
    await caughtUp(writers(who), everyone(board), 'the cleared canvas and the therapist’s additions')
  }

  // The partners draw their notes and arrows (an arrow may end on a goal card just placed).
  const partnersDraw = async (): Promise<void> => {
    const strokes = plan ? acts.strokes.filter((stroke) => stroke.by !== 'therapist') : []
    if (strokes.length === 0) return
    for (const stroke of strokes) draw(stroke)
    await caughtUp([partnerA, partnerB], everyone(board), 'the partners’ notes and arrows')
  }

  const changes = async (): Promise<void> => {
    if (plan) {
      for (const key of acts.consents) {
        const goalId = ids.goals.get(key)
        if (goalId === undefined) continue
        setConsent(partnerA.doc, goalId, 'partnerA', true)
        setConsent(partnerB.doc, goalId, 'partnerB', true)
      }
      for (const update of acts.stepUpdates) {
        const stepId = ids.steps.get(update.goalKey)?.[update.step]
        if (stepId !== undefined) updateStep(partner(update.by).doc, stepId, update.patch)
      }
      for (const rewrite of acts.rewrites) {
        const record = canvasMap(doc(rewrite.by)).get(rewrite.id)
        if (!(record instanceof Y.Map)) continue
        doc(rewrite.by).transact(() => {
          for (const [field, value] of Object.entries(rewrite.fields)) record.set(field, value)
        }, LOCAL_ORIGIN)
      }
    }
    if (meeting) {
      for (const card of acts.cards) addCard(partner(card.by).doc, { text: card.text, column: card.column })
      for (const role of acts.floorTurns) giveFloor(therapist.doc, role)
      if (acts.floorTurns.length > 0) takeBackFloor(therapist.doc)
      if (acts.huddle) {
        startHuddle(therapist.doc)
        endHuddle(therapist.doc)
      }
    }
    await caughtUp([therapist, partnerA, partnerB], [board.check], 'the session’s changes')
  }

  return therapistFirst().then(partnersDraw).then(changes)
}

/** One live session of `couple` in which the acts are written, in order; it stays live. */
export async function writeLiveSession(
  clinic: Clinic,
  wsBase: string,
  couple: Couple,
  acts: SessionActs[],
  part: ProgramPart,
  ids: WrittenIds = newIds(),
): Promise<string> {
  const sessionId = await clinic.startSession(couple)
  const board = await openBoard(clinic, wsBase, couple, sessionId)
  try {
    for (const session of acts) await applyActs(board, session, part, ids)
  } finally {
    closeBoard(board)
  }
  return sessionId
}

/** Each act written in a session of its own, which then ends (archived into the couple's document). */
export async function writeHistory(
  clinic: Clinic,
  wsBase: string,
  couple: Couple,
  acts: SessionActs[],
  part: ProgramPart,
  afterEach: (session: number) => void,
): Promise<WrittenIds> {
  const ids = newIds()
  for (const [index, session] of acts.entries()) {
    const sessionId = await clinic.startSession(couple)
    const board = await openBoard(clinic, wsBase, couple, sessionId)
    try {
      await applyActs(board, session, part, ids)
      await clinic.endSession(sessionId)
    } finally {
      closeBoard(board)
    }
    afterEach(index)
  }
  return ids
}
