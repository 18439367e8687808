import type * as Y from 'yjs'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import {
  goalsMap,
  mutate,
  plansMap,
  readString,
  recordAt,
  recordEntries,
  recordMap,
  stepsMap,
} from '../doc.ts'
import { newId } from '../ids.ts'
import { removeShapesShowing } from './canvas.ts'
import { defineRecord, field, partnerKey } from '../schema/descriptor.ts'
import { LONG_TEXT, SHORT_TEXT, boolean, isoDateOrEmpty, oneOf, owner, text, time } from '../schema/fields.ts'

export type PartnerRole = 'partnerA' | 'partnerB'
export const PARTNER_ROLES: readonly PartnerRole[] = ['partnerA', 'partnerB']
export type GoalOwner = '' | PartnerRole | 'both'
export type GoalKind = 'life' | 'therapy'

/** The fields whose words both partners agree to. Changing any of them withdraws both consents. */
export const GOAL_WORDING = [
  'title',
  'specific',
  'measurable',
  'achievable',
  'relevant',
  'startDate',
  'reviewDate',
  'transparent',
] as const
export type GoalWording = (typeof GOAL_WORDING)[number]

/** A SMART-for-Two goal as the UI reads it. */
export interface Goal extends Record<GoalWording, string> {
  id: string
  /** Whether each partner said yes to the goal's current wording. */
  willing: Record<PartnerRole, boolean>
  /** A partner had said yes to an earlier wording; the change asks them again. */
  consentWithdrawn: Record<PartnerRole, boolean>
  initiator: GoalOwner
  backupOwner: GoalOwner
  kind: GoalKind
  /** A safety or sobriety goal the therapist pins: listed first, it outranks preferences. */
  nonNegotiable: boolean
  createdAt: number
}

export type GoalInput = { title: string } & Partial<Record<GoalWording, string>> &
  Partial<Pick<Goal, 'initiator' | 'backupOwner' | 'kind' | 'nonNegotiable'>>
export type GoalPatch = Partial<
  Record<GoalWording, string> & Pick<Goal, 'initiator' | 'backupOwner' | 'kind' | 'nonNegotiable'>
>

const consentKey = (partner: PartnerRole) => `consent.${partner}`

/**
 * A fingerprint of the wording (FNV-1a). Consent stores the fingerprint it agreed to, so consent given
 * concurrently with an edit never counts for words the partner has not seen.
 */
export function wordingFingerprint(wording: Record<GoalWording, string>): string {
  let hash = 0x811c9dc5
  const text = GOAL_WORDING.map((field) => wording[field]).join('\u241f')
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(36)
}

function readWording(record: Y.Map<unknown>): Record<GoalWording, string> {
  const wording = {} as Record<GoalWording, string>
  for (const field of GOAL_WORDING) wording[field] = readString(record, field)
  return wording
}

export function readOwner(record: Y.Map<unknown>, key: string): GoalOwner {
  const value = record.get(key)
  return value === 'partnerA' || value === 'partnerB' || value === 'both' ? value : ''
}

export function readGoal(id: string, record: Y.Map<unknown>): Goal {
  const wording = readWording(record)
  const fingerprint = wordingFingerprint(wording)
  const willing = { partnerA: false, partnerB: false }
  const consentWithdrawn = { partnerA: false, partnerB: false }
  for (const partner of PARTNER_ROLES) {
    const consent = record.get(consentKey(partner))
    willing[partner] = consent === fingerprint
    consentWithdrawn[partner] = typeof consent === 'string' && consent !== fingerprint
  }
  const createdAt = record.get('createdAt')
  return {
    id,
    ...wording,
    willing,
    consentWithdrawn,
    initiator: readOwner(record, 'initiator'),
    backupOwner: readOwner(record, 'backupOwner'),
    kind: record.get('kind') === 'therapy' ? 'therapy' : 'life',
    nonNegotiable: record.get('nonNegotiable') === true,
    createdAt: typeof createdAt === 'number' ? createdAt : 0,
  }
}

export function addGoal(doc: BoardDoc, input: GoalInput): string {
  const id = newId('goal')
  mutate(doc, () => {
    const fields: Record<string, unknown> = { createdAt: boardClock.now(), kind: input.kind ?? 'life' }
    for (const field of GOAL_WORDING) fields[field] = input[field] ?? ''
    fields.initiator = input.initiator ?? ''
    fields.backupOwner = input.backupOwner ?? ''
    fields.nonNegotiable = input.nonNegotiable ?? false
    goalsMap(doc).set(id, recordMap(fields))
  })
  return id
}

/** Edits a goal. A changed wording no longer matches the stored consents, which withdraws them. */
export function updateGoal(doc: BoardDoc, id: string, patch: GoalPatch): void {
  mutate(doc, () => {
    const record = recordAt(goalsMap(doc), id)
    if (!record) return
    for (const [field, value] of Object.entries(patch)) {
      if (value !== undefined && record.get(field) !== value) record.set(field, value)
    }
  })
}

/** A partner says yes (or takes it back) to the goal's current wording. Only for their own name. */
export function setConsent(doc: BoardDoc, id: string, partner: PartnerRole, willing: boolean): void {
  mutate(doc, () => {
    const record = recordAt(goalsMap(doc), id)
    if (!record) return
    if (willing) record.set(consentKey(partner), wordingFingerprint(readWording(record)))
    else record.delete(consentKey(partner))
  })
}

/**
 * Removes a goal with everything that hangs on it, in one step (one undo): its stepping stones, the
 * canvas shapes that show it (goal card, stepping stones) and their bindings. Plans that supported it
 * stay, supporting no goal.
 */
export function removeGoal(doc: BoardDoc, id: string): void {
  // '' is what a plan or shape holds when it supports no goal: nothing to remove or follow.
  if (id === '') return
  mutate(doc, () => {
    goalsMap(doc).delete(id)
    const steps = stepsMap(doc)
    const goalSteps = recordEntries(steps).filter(([, step]) => step.get('goalId') === id)
    for (const [stepId] of goalSteps) steps.delete(stepId)
    for (const [, plan] of recordEntries(plansMap(doc))) if (plan.get('goalId') === id) plan.set('goalId', '')
    removeShapesShowing(doc, 'goalId', id)
  })
}

/** Non-negotiable goals first, then every goal by when it was added. */
export function selectGoals(doc: BoardDoc): Goal[] {
  const goals: Goal[] = []
  recordEntries(goalsMap(doc)).forEach(([id, record]) => goals.push(readGoal(id, record)))
  return goals.sort(
    (a, b) =>
      Number(b.nonNegotiable) - Number(a.nonNegotiable) ||
      a.createdAt - b.createdAt ||
      (a.id < b.id ? -1 : 1),
  )
}

/** A goal is agreed only when both partners said yes to its current wording. */
export function isAgreed(goal: Goal): boolean {
  return goal.willing.partnerA && goal.willing.partnerB
}

export const smartPartLabels = {
  specific: 'Specific',
  measurable: 'Measurable',
  achievable: 'Achievable',
  relevant: 'Relevant',
  timeBound: 'Time-bound',
  transparent: 'Transparent',
  willing: 'Willing',
  owned: 'Owned',
} as const
export type SmartPart = keyof typeof smartPartLabels

/** Which of the eight SMART-for-Two parts still need something. */
export function missingSmartParts(goal: Goal): SmartPart[] {
  const filled: Record<SmartPart, boolean> = {
    specific: goal.specific.trim() !== '',
    measurable: goal.measurable.trim() !== '',
    achievable: goal.achievable.trim() !== '',
    relevant: goal.relevant.trim() !== '',
    timeBound: goal.startDate !== '' && goal.reviewDate !== '',
    transparent: goal.transparent.trim() !== '',
    willing: isAgreed(goal),
    owned: goal.initiator !== '',
  }
  return (Object.keys(filled) as SmartPart[]).filter((part) => !filled[part])
}

const wordingField = (key: GoalWording) => {
  if (key === 'title') return field(key, text(SHORT_TEXT))
  return field(key, key === 'startDate' || key === 'reviewDate' ? isoDateOrEmpty : text(LONG_TEXT))
}

export const goalRecord = defineRecord({
  root: 'goals',
  shape: 'collection',
  stamped: true,
  undo: true,
  fields: [
    ...GOAL_WORDING.map(wordingField),
    field('createdAt', time),
    field('kind', oneOf(['life', 'therapy'])),
    field('initiator', owner),
    field('backupOwner', owner),
    field('nonNegotiable', boolean),
    // The fingerprint of the wording the partner agreed to (base 36).
    field(partnerKey('consent'), text(16, { pattern: /^[0-9a-z]{1,16}$/ }), 'partner', { between: true }),
  ],
  snapshot: { goals: selectGoals },
})
