import type * as Y from 'yjs'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { goalsMap, mutate, plansMap, readString, recordAt, recordEntries, recordMap } from '../doc.ts'
import { newId } from '../ids.ts'
import { removeShapesShowing } from './canvas.ts'
import type { GoalOwner } from './goal.ts'
import { readOwner } from './goal.ts'
import { defineRecord, field } from '../schema/descriptor.ts'
import { LONG_TEXT, boolean, idOrEmpty, isoDateOrEmpty, owner, text, time } from '../schema/fields.ts'

/** An if-then plan: "If <condition>, then <action>", owned by one partner or both. */
export interface Plan {
  id: string
  condition: string
  action: string
  owner: GoalOwner
  /** The goal the plan supports, '' if none (or if that goal was removed). */
  goalId: string
  /** When the couple looks at how the plan went: YYYY-MM-DD, '' if not set. */
  reviewDate: string
  /** Chosen as the one experiment of the week (see `selectExperiment`). */
  experimentOfWeek: boolean
  /** When it was chosen (board clock); 0 if never. */
  chosenAt: number
  createdAt: number
}

export type PlanInput = Partial<Pick<Plan, 'condition' | 'action' | 'owner' | 'goalId' | 'reviewDate'>>
export type PlanPatch = PlanInput

const patchFields = ['condition', 'action', 'owner', 'goalId', 'reviewDate'] as const

/** What a chosen experiment still needs before the week can start. */
export type ExperimentGap = 'condition' | 'action' | 'owner' | 'reviewDate'

const isoDate = /^\d{4}-\d{2}-\d{2}$/

function readDate(record: Y.Map<unknown>, key: string): string {
  const value = readString(record, key)
  return isoDate.test(value) ? value : ''
}

function readNumber(record: Y.Map<unknown>, key: string): number {
  const value = record.get(key)
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

export function readPlan(id: string, record: Y.Map<unknown>, goalIds: ReadonlySet<string>): Plan {
  const goalId = readString(record, 'goalId')
  return {
    id,
    condition: readString(record, 'condition'),
    action: readString(record, 'action'),
    owner: readOwner(record, 'owner'),
    goalId: goalIds.has(goalId) ? goalId : '',
    reviewDate: readDate(record, 'reviewDate'),
    experimentOfWeek: record.get('experimentOfWeek') === true,
    chosenAt: readNumber(record, 'chosenAt'),
    createdAt: readNumber(record, 'createdAt'),
  }
}

/** Every plan, oldest first. */
export function selectPlans(doc: BoardDoc): Plan[] {
  const goalIds = new Set(goalsMap(doc).keys())
  const plans: Plan[] = []
  recordEntries(plansMap(doc)).forEach(([id, record]) => plans.push(readPlan(id, record, goalIds)))
  return plans.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
}

export function addPlan(doc: BoardDoc, input: PlanInput = {}): string {
  const id = newId('plan')
  mutate(doc, () => {
    plansMap(doc).set(
      id,
      recordMap({
        condition: input.condition ?? '',
        action: input.action ?? '',
        owner: input.owner ?? '',
        goalId: input.goalId ?? '',
        reviewDate: input.reviewDate ?? '',
        createdAt: boardClock.now(),
      }),
    )
  })
  return id
}

export function updatePlan(doc: BoardDoc, id: string, patch: PlanPatch): void {
  mutate(doc, () => {
    const record = recordAt(plansMap(doc), id)
    if (!record) return
    for (const field of patchFields) {
      const value = patch[field]
      if (value !== undefined && record.get(field) !== value) record.set(field, value)
    }
  })
}

/**
 * Makes a plan the one experiment of the week, taking the choice off every other plan in the same
 * transaction. The choice lives on the plans (not in a singleton root) so that partners may make it.
 */
export function chooseExperiment(doc: BoardDoc, planId: string): void {
  mutate(doc, () => {
    const plans = plansMap(doc)
    const chosen = recordAt(plans, planId)
    if (!chosen) return
    recordEntries(plans).forEach(([id, record]) => {
      if (id !== planId && record.get('experimentOfWeek') === true) record.set('experimentOfWeek', false)
    })
    chosen.set('experimentOfWeek', true)
    chosen.set('chosenAt', boardClock.now())
  })
}

/** Writes a new if-then plan and chooses it as the experiment of the week, in one step. */
export function addExperiment(doc: BoardDoc, input: PlanInput): string {
  return mutate(doc, () => {
    const id = addPlan(doc, input)
    chooseExperiment(doc, id)
    return id
  })
}

/** No experiment chosen for the week. */
export function clearExperiment(doc: BoardDoc): void {
  mutate(doc, () => {
    recordEntries(plansMap(doc)).forEach(([, record]) => {
      if (record.get('experimentOfWeek') === true) record.set('experimentOfWeek', false)
    })
  })
}

/**
 * The experiment of the week. Two people choosing at the same moment can leave two plans chosen:
 * the later choice wins, so everyone sees the same one.
 */
export function pickExperiment(plans: readonly Plan[]): Plan | null {
  let newest: Plan | null = null
  for (const plan of plans) {
    if (!plan.experimentOfWeek) continue
    if (
      !newest ||
      plan.chosenAt > newest.chosenAt ||
      (plan.chosenAt === newest.chosenAt && plan.id > newest.id)
    )
      newest = plan
  }
  return newest
}

export function selectExperiment(doc: BoardDoc): Plan | null {
  return pickExperiment(selectPlans(doc))
}

/** What the chosen experiment still lacks: an if, a then, who does it, when to review it. */
export function experimentGaps(plan: Plan): ExperimentGap[] {
  const gaps: ExperimentGap[] = []
  if (!plan.condition.trim()) gaps.push('condition')
  if (!plan.action.trim()) gaps.push('action')
  if (!plan.owner) gaps.push('owner')
  if (!plan.reviewDate) gaps.push('reviewDate')
  return gaps
}

/** Removes a plan and the if-then shapes that show it on the canvas, in one step. */
export function removePlan(doc: BoardDoc, id: string): void {
  mutate(doc, () => {
    plansMap(doc).delete(id)
    removeShapesShowing(doc, 'planId', id)
  })
}

export const planRecord = defineRecord({
  root: 'plans',
  shape: 'collection',
  stamped: true,
  undo: true,
  fields: [
    field('condition', text(LONG_TEXT)),
    field('action', text(LONG_TEXT)),
    field('owner', owner),
    field('goalId', idOrEmpty),
    field('reviewDate', isoDateOrEmpty),
    field('experimentOfWeek', boolean),
    field('chosenAt', time),
    field('createdAt', time),
  ],
  snapshot: { plans: selectPlans },
})
