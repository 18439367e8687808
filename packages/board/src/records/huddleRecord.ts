import * as Y from 'yjs'
import type { BoardDoc } from '../doc.ts'
import { huddlesMap, plansMap, readString, recordAt, recordEntries, recordMap } from '../doc.ts'
import type { FloorTurn } from './floor.ts'
import { selectFloor } from './floor.ts'
import type { PartnerRole } from './goal.ts'
import { selectExperiment } from './plan.ts'
import type { HuddleState } from './huddle.ts'
import type { PhaseKind } from './huddleClock.ts'
import { MAX_AGENDA_PHASES, MINUTE_MS, PHASE_KINDS } from './huddleClock.ts'
import { defineRecord, field } from '../schema/descriptor.ts'
import {
  LONG_TEXT,
  SHORT_TEXT,
  duration,
  idOrEmpty,
  list,
  nullable,
  object,
  oneOf,
  partner,
  text,
  time,
} from '../schema/fields.ts'

/** What a finished huddle leaves behind (root `huddles`, keyed by run id; therapist-owned). */
export interface HuddleRecord {
  /** The huddle's run id. */
  id: string
  startedAt: number
  endedAt: number
  phases: { title: string; kind: PhaseKind; plannedMs: number; actualMs: number }[]
  /** The floor turns during the huddle, cut to its start and end. */
  floorTurns: FloorTurn[]
  experimentPlanId: string
  /** The chosen if-then plan as it read when the huddle ended; null if none was chosen. */
  experiment: { condition: string; action: string } | null
  appreciations: Record<PartnerRole, string>
}

/** Called inside endHuddle's transaction. */
export function writeHuddleRecord(
  doc: BoardDoc,
  state: HuddleState & { runId: string; endedAt: number },
): void {
  const startedAt = state.startedAt ?? state.endedAt
  const endedAt = state.endedAt
  const floorTurns = selectFloor(doc)
    .turns.filter((turn) => turn.since < endedAt && (turn.until ?? endedAt) > startedAt)
    .map((turn) => ({
      partner: turn.partner,
      since: Math.max(turn.since, startedAt),
      until: Math.min(turn.until ?? endedAt, endedAt),
    }))
  // The huddle's own choice, or else the week's experiment picked at the end of the review.
  const experimentPlanId = state.experimentPlanId || (selectExperiment(doc)?.id ?? '')
  const plan = experimentPlanId ? recordAt(plansMap(doc), experimentPlanId) : undefined
  huddlesMap(doc).set(
    state.runId,
    recordMap({
      startedAt,
      endedAt,
      phases: state.agenda.map((phase, index) => ({
        title: phase.title,
        kind: phase.kind,
        plannedMs: phase.minutes * MINUTE_MS,
        actualMs: state.spentMs[index] ?? 0,
      })),
      floorTurns,
      experimentPlanId: plan ? experimentPlanId : '',
      experiment: plan
        ? { condition: readString(plan, 'condition'), action: readString(plan, 'action') }
        : null,
      appreciations: { ...state.appreciations },
    }),
  )
}

const finite = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0)

function readRecord(id: string, record: Y.Map<unknown>): HuddleRecord {
  const list = (key: string): unknown[] => {
    const value = record.get(key)
    return Array.isArray(value) ? value : []
  }
  const object = (value: unknown) =>
    (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
  const text = (value: unknown) => (typeof value === 'string' ? value : '')
  const experiment = record.get('experiment')
  const appreciations = object(record.get('appreciations'))
  return {
    id,
    startedAt: finite(record.get('startedAt')),
    endedAt: finite(record.get('endedAt')),
    phases: list('phases').map((value) => {
      const phase = object(value)
      return {
        title: text(phase.title),
        kind: PHASE_KINDS.find((kind) => kind === phase.kind) ?? 'custom',
        plannedMs: finite(phase.plannedMs),
        actualMs: finite(phase.actualMs),
      }
    }),
    floorTurns: list('floorTurns').flatMap((value) => {
      const turn = object(value)
      if (turn.partner !== 'partnerA' && turn.partner !== 'partnerB') return []
      return [{ partner: turn.partner, since: finite(turn.since), until: finite(turn.until) }]
    }),
    experimentPlanId: readString(record, 'experimentPlanId'),
    experiment:
      typeof experiment === 'object' && experiment !== null
        ? { condition: text(object(experiment).condition), action: text(object(experiment).action) }
        : null,
    appreciations: { partnerA: text(appreciations.partnerA), partnerB: text(appreciations.partnerB) },
  }
}

/** Every finished huddle, newest first. */
export function selectHuddleRecords(doc: BoardDoc): HuddleRecord[] {
  const records: HuddleRecord[] = []
  recordEntries(huddlesMap(doc)).forEach(([id, record]) => {
    if (record instanceof Y.Map) records.push(readRecord(id, record as Y.Map<unknown>))
  })
  return records.sort((a, b) => b.endedAt - a.endedAt || (a.id < b.id ? -1 : 1))
}

/** Fields that are the server's bookkeeping, not part of what a huddle left behind. */
const notCarried = new Set(['createdBy', 'updatedBy'])

/**
 * Every huddle record's fields as plain values, keyed by run id: what the server carries into the
 * couple's next session, so its board shows how the last huddle went.
 */
export function exportHuddleRecords(doc: BoardDoc): Record<string, Record<string, unknown>> {
  const records: Record<string, Record<string, unknown>> = {}
  recordEntries(huddlesMap(doc)).forEach(([id, record]) => {
    if (!(record instanceof Y.Map)) return
    const fields: Record<string, unknown> = {}
    record.forEach((value, key) => {
      if (!notCarried.has(key)) fields[key] = value
    })
    records[id] = fields
  })
  return records
}

/** Adds the records this document does not hold yet; returns how many. Server only. */
export function importHuddleRecords(doc: BoardDoc, records: Record<string, Record<string, unknown>>): number {
  let added = 0
  doc.transact(() => {
    const map = huddlesMap(doc)
    for (const [id, fields] of Object.entries(records)) {
      if (map.has(id)) continue
      map.set(id, recordMap(fields))
      added++
    }
  })
  return added
}

/** A huddle of twenty minutes has a few dozen turns at most. */
const MAX_TURNS = 500

/** Finished huddles: written by the therapist's client when the huddle ends, never changed after. */
export const huddleHistoryRecord = defineRecord({
  root: 'huddles',
  shape: 'collection',
  writer: 'therapist',
  stamped: false,
  fields: [
    field('startedAt', time, 'therapist'),
    field('endedAt', time, 'therapist'),
    field(
      'phases',
      list(
        object({
          title: text(SHORT_TEXT),
          kind: oneOf(PHASE_KINDS),
          plannedMs: duration,
          actualMs: duration,
        }),
        MAX_AGENDA_PHASES,
      ),
      'therapist',
    ),
    field('floorTurns', list(object({ partner, since: time, until: time }), MAX_TURNS), 'therapist'),
    field('experimentPlanId', idOrEmpty, 'therapist'),
    field(
      'experiment',
      nullable(object({ condition: text(LONG_TEXT), action: text(LONG_TEXT) })),
      'therapist',
    ),
    field('appreciations', object({ partnerA: text(LONG_TEXT), partnerB: text(LONG_TEXT) }), 'therapist'),
  ],
  snapshot: { huddleRecords: selectHuddleRecords },
})
