import type * as Y from 'yjs'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { goalsMap, mutate, plansMap, readString, recordMap } from '../doc.ts'
import { newId } from '../ids.ts'
import { removeShapesShowing } from './canvas.ts'
import type { GoalOwner } from './goal.ts'
import { readOwner } from './goal.ts'

/** An if-then plan: "If <condition>, then <action>", owned by one partner or both. */
export interface Plan {
  id: string
  condition: string
  action: string
  owner: GoalOwner
  /** The goal the plan supports, '' if none (or if that goal was removed). */
  goalId: string
  createdAt: number
}

export type PlanInput = Partial<Pick<Plan, 'condition' | 'action' | 'owner' | 'goalId'>>
export type PlanPatch = PlanInput

const patchFields = ['condition', 'action', 'owner', 'goalId'] as const

export function readPlan(id: string, record: Y.Map<unknown>, goalIds: ReadonlySet<string>): Plan {
  const goalId = readString(record, 'goalId')
  const createdAt = record.get('createdAt')
  return {
    id,
    condition: readString(record, 'condition'),
    action: readString(record, 'action'),
    owner: readOwner(record, 'owner'),
    goalId: goalIds.has(goalId) ? goalId : '',
    createdAt: typeof createdAt === 'number' ? createdAt : 0,
  }
}

/** Every plan, oldest first. */
export function selectPlans(doc: BoardDoc): Plan[] {
  const goalIds = new Set(goalsMap(doc).keys())
  const plans: Plan[] = []
  plansMap(doc).forEach((record, id) => plans.push(readPlan(id, record, goalIds)))
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
        createdAt: boardClock.now(),
      }),
    )
  })
  return id
}

export function updatePlan(doc: BoardDoc, id: string, patch: PlanPatch): void {
  mutate(doc, () => {
    const record = plansMap(doc).get(id)
    if (!record) return
    for (const field of patchFields) {
      const value = patch[field]
      if (value !== undefined && record.get(field) !== value) record.set(field, value)
    }
  })
}

/** Removes a plan and the if-then shapes that show it on the canvas, in one step. */
export function removePlan(doc: BoardDoc, id: string): void {
  mutate(doc, () => {
    plansMap(doc).delete(id)
    removeShapesShowing(doc, 'planId', id)
  })
}
