import type * as Y from 'yjs'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { goalsMap, mutate, readString, recordAt, recordEntries, recordMap, stepsMap } from '../doc.ts'
import { newId } from '../ids.ts'
import { compareOrdered, positionAt } from '../order.ts'
import { defineRecord, field } from '../schema/descriptor.ts'
import { LONG_TEXT, SHORT_TEXT, idOrEmpty, oneOf, text, time } from '../schema/fields.ts'
import { POSITION } from './card.ts'

export type StepStatus = 'planned' | 'underway' | 'done' | 'paused'
export const STEP_STATUSES: readonly StepStatus[] = ['planned', 'underway', 'done', 'paused']
export const stepStatusLabels: Record<StepStatus, string> = {
  planned: 'Planned',
  underway: 'Under way',
  done: 'Done',
  paused: 'Paused',
}

/**
 * A stepping stone: one small short-term step towards a long-term goal, tracked from session to
 * session with what was done since last time, why not if nothing, and what comes before next time.
 */
export interface Step {
  id: string
  goalId: string
  title: string
  /** Fractional index among the goal's steps. */
  position: string
  status: StepStatus
  sinceDone: string
  sinceWhyNot: string
  sinceNext: string
  createdAt: number
}

export type StepPatch = Partial<Pick<Step, 'title' | 'status' | 'sinceDone' | 'sinceWhyNot' | 'sinceNext'>>

const patchFields = ['title', 'status', 'sinceDone', 'sinceWhyNot', 'sinceNext'] as const

function isStepStatus(value: unknown): value is StepStatus {
  return value === 'planned' || value === 'underway' || value === 'done' || value === 'paused'
}

export function readStep(id: string, record: Y.Map<unknown>): Step {
  const status = record.get('status')
  const createdAt = record.get('createdAt')
  return {
    id,
    goalId: readString(record, 'goalId'),
    title: readString(record, 'title'),
    position: readString(record, 'position'),
    status: isStepStatus(status) ? status : 'planned',
    sinceDone: readString(record, 'sinceDone'),
    sinceWhyNot: readString(record, 'sinceWhyNot'),
    sinceNext: readString(record, 'sinceNext'),
    createdAt: typeof createdAt === 'number' ? createdAt : 0,
  }
}

/** The steps of one goal, in order. */
export function selectSteps(doc: BoardDoc, goalId: string): Step[] {
  const steps: Step[] = []
  recordEntries(stepsMap(doc)).forEach(([id, record]) => {
    if (record.get('goalId') === goalId) steps.push(readStep(id, record))
  })
  return steps.sort(compareOrdered)
}

/**
 * The steps of every goal, in order, keyed by goal id; each goal has an entry, empty if it has no
 * steps. A step added while someone removed its goal belongs to no goal here.
 */
export function selectStepsByGoal(doc: BoardDoc): Record<string, Step[]> {
  const byGoal: Record<string, Step[]> = {}
  for (const goalId of goalsMap(doc).keys()) byGoal[goalId] = []
  recordEntries(stepsMap(doc)).forEach(([id, record]) => {
    const step = readStep(id, record)
    byGoal[step.goalId]?.push(step)
  })
  for (const steps of Object.values(byGoal)) steps.sort(compareOrdered)
  return byGoal
}

function stepsWithout(doc: BoardDoc, goalId: string, id: string): Step[] {
  return selectSteps(doc, goalId).filter((step) => step.id !== id)
}

/** Adds a step at the end of the goal's steps. */
export function addStep(doc: BoardDoc, goalId: string, title: string): string {
  const id = newId('step')
  mutate(doc, () => {
    const steps = stepsWithout(doc, goalId, id)
    stepsMap(doc).set(
      id,
      recordMap({
        goalId,
        title,
        position: positionAt(steps, steps.length),
        status: 'planned',
        sinceDone: '',
        sinceWhyNot: '',
        sinceNext: '',
        createdAt: boardClock.now(),
      }),
    )
  })
  return id
}

export function updateStep(doc: BoardDoc, id: string, patch: StepPatch): void {
  mutate(doc, () => {
    const record = recordAt(stepsMap(doc), id)
    if (!record) return
    for (const field of patchFields) {
      const value = patch[field]
      if (value !== undefined && record.get(field) !== value) record.set(field, value)
    }
  })
}

/** Moves a step to `toIndex` among its goal's steps, counting them without the moved one. */
export function moveStep(doc: BoardDoc, id: string, toIndex: number): void {
  mutate(doc, () => {
    const record = recordAt(stepsMap(doc), id)
    if (!record) return
    record.set('position', positionAt(stepsWithout(doc, readString(record, 'goalId'), id), toIndex))
  })
}

export function removeStep(doc: BoardDoc, id: string): void {
  mutate(doc, () => {
    stepsMap(doc).delete(id)
  })
}

export const stepRecord = defineRecord({
  root: 'steps',
  shape: 'collection',
  stamped: true,
  undo: true,
  fields: [
    field('goalId', idOrEmpty),
    field('title', text(SHORT_TEXT)),
    field('position', POSITION),
    field('status', oneOf(STEP_STATUSES), 'shared', { between: true }),
    field('sinceDone', text(LONG_TEXT), 'shared', { between: true }),
    field('sinceWhyNot', text(LONG_TEXT), 'shared', { between: true }),
    field('sinceNext', text(LONG_TEXT), 'shared', { between: true }),
    field('createdAt', time),
  ],
  snapshot: { stepsByGoal: selectStepsByGoal },
})
