import type * as Y from 'yjs'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { goalsMap, mutate, readString, recordAt, recordEntries, recordMap } from '../doc.ts'
import { newId } from '../ids.ts'
import type { ProgressFields, ProgressProblem } from '../progress/check.ts'
import { checkFields, optional, refuse } from '../progress/check.ts'
import type { RecordDescriptor } from '../schema/descriptor.ts'
import { defineRecord, field } from '../schema/descriptor.ts'
import { LONG_TEXT, SHORT_TEXT, idOrEmpty, oneOf, text, time } from '../schema/fields.ts'
import type { WordingHint } from '../wording/hints.ts'
import { wordingHints } from '../wording/hints.ts'
import type { GoalPatch } from './goal.ts'
import { goalRecord, updateGoal } from './goal.ts'
import { addPlan, planRecord } from './plan.ts'
import { addRoutine, routineRecord } from './routine.ts'

export type UpgradeKind = 'goal' | 'ifThen' | 'routine'
export const UPGRADE_KINDS: readonly UpgradeKind[] = ['goal', 'ifThen', 'routine']

/**
 * A setback review: after a hard stretch (often a flag), the therapist and the couple look at it
 * without blame (what happened, what helped, what we will try), name one affirmation and one tiny next
 * step, and turn it into a plan upgrade that stays linked to the review.
 */
export interface Setback {
  id: string
  /** The flag it was started from; '' when started from the couple's page. */
  flagId: string
  openedAt: number
  whatHappened: string
  whatHelped: string
  whatWeTry: string
  affirmation: string
  nextStep: string
  /** '' until the review became a plan upgrade. */
  upgradeKind: UpgradeKind | ''
  /** The changed goal, the new if-then plan or the new routine. */
  upgradeId: string
  status: 'open' | 'done'
  /** When it became a plan upgrade; 0 while open. */
  completedAt: number
}

/** The words of a review, which the therapist writes with the couple. */
export const SETBACK_TEXT = ['whatHappened', 'whatHelped', 'whatWeTry', 'affirmation', 'nextStep'] as const
export type SetbackText = (typeof SETBACK_TEXT)[number]
export type SetbackPatch = Partial<Record<SetbackText, string>>

/** What the review becomes. */
export type PlanUpgrade =
  | { kind: 'goal'; goalId: string; patch: GoalPatch }
  | { kind: 'ifThen'; condition: string; action: string }
  | { kind: 'routine'; text: string }

export function setbacksMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('setbacks')
}

const readNumber = (record: Y.Map<unknown>, key: string) => {
  const value = record.get(key)
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

function readSetback(id: string, record: Y.Map<unknown>): Setback {
  const kind = record.get('upgradeKind')
  const upgradeKind = UPGRADE_KINDS.includes(kind as UpgradeKind) ? (kind as UpgradeKind) : ''
  return {
    id,
    flagId: readString(record, 'flagId'),
    openedAt: readNumber(record, 'openedAt'),
    whatHappened: readString(record, 'whatHappened'),
    whatHelped: readString(record, 'whatHelped'),
    whatWeTry: readString(record, 'whatWeTry'),
    affirmation: readString(record, 'affirmation'),
    nextStep: readString(record, 'nextStep'),
    upgradeKind,
    upgradeId: upgradeKind ? readString(record, 'upgradeId') : '',
    status: record.get('status') === 'done' && upgradeKind ? 'done' : 'open',
    completedAt: readNumber(record, 'completedAt'),
  }
}

/** Every setback review, oldest first. */
export function selectSetbacks(doc: BoardDoc): Setback[] {
  const setbacks = recordEntries(setbacksMap(doc)).map(([id, record]) => readSetback(id, record))
  return setbacks.sort((a, b) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : 1))
}

/** The reviews that upgraded a record (a goal may be changed by more than one). */
export function setbacksUpgrading(setbacks: readonly Setback[], recordId: string): Setback[] {
  return recordId === '' ? [] : setbacks.filter((setback) => setback.upgradeId === recordId)
}

/** The neutral-wording hints for each of a review's fields, as goals show them. */
export function setbackHints(words: SetbackPatch): Record<SetbackText, WordingHint[]> {
  const hints = {} as Record<SetbackText, WordingHint[]>
  for (const key of SETBACK_TEXT) hints[key] = wordingHints(words[key] ?? '')
  return hints
}

export function startSetbackReview(doc: BoardDoc, input: { flagId?: string } = {}): string {
  const id = newId('setback')
  mutate(doc, () => {
    const fields: Record<string, unknown> = {
      flagId: input.flagId ?? '',
      openedAt: boardClock.now(),
      upgradeKind: '',
      upgradeId: '',
      status: 'open',
      completedAt: 0,
    }
    for (const key of SETBACK_TEXT) fields[key] = ''
    setbacksMap(doc).set(id, recordMap(fields))
  })
  return id
}

/**
 * Whether `values` fit the fields of `record` they name, as the server will check them: null, or the
 * first problem as a sentence, so a person sees why before anything is written.
 */
function checkAgainst(
  record: RecordDescriptor,
  values: Record<string, unknown>,
  path: string,
): ProgressProblem | null {
  const fields: Record<string, ProgressFields[string]> = {}
  for (const key of Object.keys(values)) {
    // Exact keys only: the registry's lookup would import every record, this one included.
    const rule = record.fields.find((candidate) => candidate.key === key)
    if (rule && rule.writer !== 'server') fields[key] = optional(rule.value)
  }
  return checkFields(fields, values, path)
}

/** Changes the review's words. Refused, before any write, for words too long to store. */
export function updateSetback(doc: BoardDoc, id: string, patch: SetbackPatch): ProgressProblem | null {
  const record = recordAt(setbacksMap(doc), id)
  if (!record) return refuse('setback.id', 'The plan does not hold this setback review.')
  const words = Object.fromEntries(SETBACK_TEXT.flatMap((key) => (key in patch ? [[key, patch[key]]] : [])))
  const problem = checkAgainst(setbackRecord, words, 'setback')
  if (problem) return problem
  mutate(doc, () => {
    for (const [key, value] of Object.entries(words)) if (record.get(key) !== value) record.set(key, value)
  })
  return null
}

const blank = (value: string | undefined) => (value ?? '').trim() === ''

function checkUpgrade(doc: BoardDoc, upgrade: PlanUpgrade): ProgressProblem | null {
  switch (upgrade.kind) {
    case 'goal': {
      if (!recordAt(goalsMap(doc), upgrade.goalId)) {
        return refuse('upgrade.goalId', 'The plan does not hold this goal.')
      }
      const changes = Object.entries(upgrade.patch).filter(([, value]) => value !== undefined)
      if (changes.length === 0) return refuse('upgrade.patch', 'Say how the goal changes.')
      return checkAgainst(goalRecord, Object.fromEntries(changes), 'upgrade.patch')
    }
    case 'ifThen':
      if (blank(upgrade.condition)) return refuse('upgrade.condition', 'Write the "if" of the plan.')
      if (blank(upgrade.action)) return refuse('upgrade.action', 'Write the "then" of the plan.')
      return checkAgainst(planRecord, { condition: upgrade.condition, action: upgrade.action }, 'upgrade')
    case 'routine':
      if (blank(upgrade.text)) return refuse('upgrade.text', 'Write the routine for a rough week.')
      return checkAgainst(routineRecord, { text: upgrade.text }, 'upgrade')
  }
}

/**
 * Closes the review by making its plan upgrade: changes the goal, adds the if-then plan or the routine,
 * and links the review to it, all in one transaction (one undo). Refused, with nothing written, while
 * the review lacks its affirmation or its tiny next step, or when the upgrade is not one the plan can
 * take.
 */
export function completeSetback(doc: BoardDoc, id: string, upgrade: PlanUpgrade): ProgressProblem | null {
  const record = recordAt(setbacksMap(doc), id)
  if (!record) return refuse('setback.id', 'The plan does not hold this setback review.')
  const setback = readSetback(id, record)
  if (setback.status === 'done') {
    return refuse('setback.status', 'This review has already become a plan upgrade.')
  }
  if (blank(setback.affirmation)) {
    return refuse('setback.affirmation', 'Write one affirmation before the review becomes a plan upgrade.')
  }
  if (blank(setback.nextStep)) {
    return refuse('setback.nextStep', 'Write one tiny next step before the review becomes a plan upgrade.')
  }
  const problem = checkUpgrade(doc, upgrade)
  if (problem) return problem
  mutate(doc, () => {
    let upgradeId: string
    if (upgrade.kind === 'goal') {
      updateGoal(doc, upgrade.goalId, upgrade.patch)
      upgradeId = upgrade.goalId
    } else if (upgrade.kind === 'ifThen') {
      upgradeId = addPlan(doc, { condition: upgrade.condition, action: upgrade.action })
    } else {
      upgradeId = addRoutine(doc, { text: upgrade.text, setbackId: id })
    }
    record.set('upgradeKind', upgrade.kind)
    record.set('upgradeId', upgradeId)
    record.set('status', 'done')
    record.set('completedAt', boardClock.now())
  })
  return null
}

export function removeSetback(doc: BoardDoc, id: string): void {
  mutate(doc, () => setbacksMap(doc).delete(id))
}

// The therapist writes the review with the couple in session; the plan records it changes keep their own rules.
export const setbackRecord = defineRecord({
  root: 'setbacks',
  shape: 'collection',
  writer: 'therapist',
  stamped: true,
  undo: true,
  fields: [
    field('flagId', idOrEmpty, 'therapist'),
    field('openedAt', time, 'therapist'),
    field('whatHappened', text(LONG_TEXT), 'therapist'),
    field('whatHelped', text(LONG_TEXT), 'therapist'),
    field('whatWeTry', text(LONG_TEXT), 'therapist'),
    field('affirmation', text(SHORT_TEXT), 'therapist'),
    field('nextStep', text(SHORT_TEXT), 'therapist'),
    field('upgradeKind', oneOf(['', ...UPGRADE_KINDS]), 'therapist'),
    field('upgradeId', idOrEmpty, 'therapist'),
    field('status', oneOf(['open', 'done']), 'therapist'),
    field('completedAt', time, 'therapist'),
  ],
  snapshot: { setbacks: selectSetbacks },
})
