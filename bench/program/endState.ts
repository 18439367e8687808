// A program's end state and its canvas work. The end state is what the couple's board shows after the
// program (every goal, consented; each stepping stone as its last updates left it; the live canvas with
// each shape where it ended), as one session that writes it once: the same live board without any
// history. The tally is what the canvas went through to get there, for the storage table.
import type { DrawnRecord } from './canvasWork.ts'
import { meetingUnderWay } from './program.ts'
import type { ProgramActs, SessionActs, StepUpdate } from './program.ts'

export interface CanvasTally {
  /** Canvas records written in all: shapes and arrow bindings. */
  written: number
  /** Shapes among them, and of which kind. */
  shapes: number
  goalCards: number
  notes: number
  arrows: number
  /** Changes to a shape after it was drawn (moves, text and bend edits). */
  rewrites: number
  deleted: number
}

const allSessions = ({ history, live }: ProgramActs): SessionActs[] => [...history, live]

export function tallyCanvas(sessions: SessionActs[]): CanvasTally {
  const records = sessions.flatMap((s) => s.strokes.flatMap((stroke) => stroke.records))
  const shapes = records.filter((record) => record.fields['typeName'] === 'shape')
  const ofType = (type: string): number => shapes.filter((shape) => shape.fields['type'] === type).length
  return {
    written: records.length,
    shapes: shapes.length,
    goalCards: shapes.filter((shape) => shape.goalKey !== null).length,
    notes: ofType('note'),
    arrows: ofType('arrow'),
    rewrites: sessions.reduce((sum, s) => sum + s.rewrites.length, 0),
    deleted: sessions.reduce((sum, s) => sum + (s.clearing?.ids.length ?? 0), 0),
  }
}

export const tallyProgram = (acts: ProgramActs): CanvasTally => tallyCanvas(allSessions(acts))

/** The board the program ends with, as one session writing it once, with the same meeting under way. */
export function endState(acts: ProgramActs): SessionActs {
  const sessions = allSessions(acts)
  const canvas = new Map<string, DrawnRecord>()
  const steps = new Map<string, StepUpdate>()
  for (const session of sessions) {
    for (const id of session.clearing?.ids ?? []) canvas.delete(id)
    for (const record of session.strokes.flatMap((stroke) => stroke.records))
      canvas.set(record.id, { ...record, fields: { ...record.fields } })
    for (const rewrite of session.rewrites)
      Object.assign(canvas.get(rewrite.id)?.fields ?? {}, rewrite.fields)
    for (const update of session.stepUpdates) {
      const key = `${update.goalKey}/${update.step}`
      const before = steps.get(key)
      steps.set(key, { ...update, patch: { ...before?.patch, ...update.patch } })
    }
  }
  const goals = sessions.flatMap((s) => s.goals)
  return {
    ...meetingUnderWay(acts.live.cards),
    goals,
    // Each record that is left, as it ended, in the order the records were first drawn.
    strokes: [...canvas.values()].map((record) => ({
      by: record.goalKey === null ? 'partnerA' : 'therapist',
      records: [record],
    })),
    consents: goals.map((goal) => goal.key),
    stepUpdates: [...steps.values()],
  }
}
