import * as Y from 'yjs'
import type { BoardDoc } from '../doc.ts'
import { canvasRecord } from '../records/canvas.ts'
import { cardRecord } from '../records/card.ts'
import { coupleRecord } from '../records/couple.ts'
import { floorRecord } from '../records/floor.ts'
import { goalRecord } from '../records/goal.ts'
import { gridRecord, proposalRecord } from '../records/grid.ts'
import { huddleRecord } from '../records/huddle.ts'
import { huddleHistoryRecord } from '../records/huddleRecord.ts'
import { meetingRecord } from '../records/meeting.ts'
import { metaRecord } from '../records/meta.ts'
import { metricRecord } from '../records/metricRecord.ts'
import { phasesRecord } from '../records/phases.ts'
import { planRecord } from '../records/plan.ts'
import { revealRecord } from '../records/reveal.ts'
import { routineRecord } from '../records/routine.ts'
import { sessionRecord } from '../records/session.ts'
import { setbackRecord } from '../records/setback.ts'
import { stepRecord } from '../records/step.ts'
import type { FieldRule, RecordDescriptor } from './descriptor.ts'

/**
 * Every kind of record the board document holds. Write rules, value checks, stamps, undo, the
 * snapshot and migrations all read this list: a new kind of record is its file and one line here.
 */
export const BOARD_RECORDS = [
  metaRecord,
  sessionRecord,
  coupleRecord,
  goalRecord,
  stepRecord,
  planRecord,
  cardRecord,
  proposalRecord,
  gridRecord,
  canvasRecord,
  huddleRecord,
  floorRecord,
  revealRecord,
  huddleHistoryRecord,
  meetingRecord,
  metricRecord,
  setbackRecord,
  routineRecord,
  phasesRecord,
] as const

const byRoot = new Map<string, RecordDescriptor>(BOARD_RECORDS.map((record) => [record.root, record]))

/** The descriptor of a root map, or undefined for a root the board does not have. */
export function recordFor(root: string): RecordDescriptor | undefined {
  return byRoot.get(root)
}

/** The rule for a field: its exact key first, then the first pattern that matches it. */
export function fieldRuleFor(descriptor: RecordDescriptor, key: string): FieldRule | undefined {
  return (
    descriptor.fields.find((rule) => rule.key === key) ??
    descriptor.fields.find((rule) => rule.key instanceof RegExp && rule.key.test(key))
  )
}

/** A record that is not a map where the board expects one (stored before the server checked shapes). */
export interface SkippedRecord {
  root: string
  id: string
}

/** Every stored record that reading skips because it is not a map. Ids only: no content. */
export function skippedRecords(doc: BoardDoc): SkippedRecord[] {
  const skipped: SkippedRecord[] = []
  for (const record of BOARD_RECORDS) {
    if (record.shape !== 'collection') continue
    doc.getMap(record.root).forEach((value, id) => {
      if (!(value instanceof Y.Map)) skipped.push({ root: record.root, id })
    })
  }
  return skipped
}
