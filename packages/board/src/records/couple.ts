import type * as Y from 'yjs'
import type { BoardDoc } from '../doc.ts'
import { mutate, readString } from '../doc.ts'
import { defineRecord, field } from '../schema/descriptor.ts'
import type { FieldSpec } from '../schema/fields.ts'
import { checkValue, isoDateOrEmpty, oneOf, text } from '../schema/fields.ts'

/** Where a couple is in their program, as the therapist sets it on the couple's page. */
export const COUPLE_PHASES = [
  'intake',
  'stabilization',
  'skillAdoption',
  'generalization',
  'maintenance',
  'aftercare',
] as const
export type CouplePhase = (typeof COUPLE_PHASES)[number]

/**
 * The couple the board belongs to: the partners' display names, when their program started and its
 * phase. The server copies them from its couples table; no client writes them.
 */
export interface CoupleInfo {
  partnerAName: string
  partnerBName: string
  /** YYYY-MM-DD, or '' when not known. */
  programStart: string
  /** Null until the server has written it (a board from before couples had a phase). */
  phase: CouplePhase | null
}

export type CoupleInfoInput = Partial<Omit<CoupleInfo, 'phase'> & { phase: CouplePhase }>

/** A display name: what the privacy notice and the join page let a partner choose. */
export const PARTNER_NAME = text(60)

const specs: Record<keyof CoupleInfo, FieldSpec> = {
  partnerAName: PARTNER_NAME,
  partnerBName: PARTNER_NAME,
  programStart: isoDateOrEmpty,
  phase: oneOf(COUPLE_PHASES),
}
const keys = Object.keys(specs) as (keyof CoupleInfo)[]

export function coupleMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('couple')
}

const isPhase = (value: unknown): value is CouplePhase => COUPLE_PHASES.includes(value as CouplePhase)

export function selectCouple(doc: BoardDoc): CoupleInfo {
  const map = coupleMap(doc)
  const phase = map.get('phase')
  return {
    partnerAName: readString(map, 'partnerAName'),
    partnerBName: readString(map, 'partnerBName'),
    programStart: readString(map, 'programStart'),
    phase: isPhase(phase) ? phase : null,
  }
}

/**
 * Server only: writes what it was given (unchanged values are not written again). A value that does not
 * fit throws before anything is written: the server validated it, so that is a bug, not a person's
 * mistake. The message names the field, never the value.
 */
export function writeCoupleInfo(doc: BoardDoc, info: CoupleInfoInput): void {
  for (const key of keys) {
    const value = info[key]
    const problem = value === undefined ? null : checkValue(specs[key], value, '')
    if (problem) throw new RangeError(`writeCoupleInfo: ${key} is ${problem}`)
  }
  mutate(doc, () => {
    const map = coupleMap(doc)
    for (const key of keys) {
      const value = info[key]
      if (value !== undefined && map.get(key) !== value) map.set(key, value)
    }
  })
}

/** Whether a stored name may move into the couple record as it is (a legacy board's could be anything). */
export function fitsPartnerName(value: unknown): value is string {
  return checkValue(PARTNER_NAME, value, '') === null
}

export const coupleRecord = defineRecord({
  root: 'couple',
  shape: 'singleton',
  stamped: false,
  fields: keys.map((key) => field(key, specs[key], 'server')),
  snapshot: { couple: selectCouple },
})
