import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { floorMap, mutate } from '../doc.ts'
import type { PartnerRole } from './goal.ts'

/** Structured turn-taking: the therapist gives the floor to one partner at a time. Therapist-owned. */
export interface Floor {
  holder: PartnerRole | null
  since: number | null
  /** When the turn is planned to end; null for an open-ended turn. */
  until: number | null
}

export function selectFloor(doc: BoardDoc): Floor {
  const map = floorMap(doc)
  const holder = map.get('holder')
  const since = map.get('since')
  const until = map.get('until')
  return {
    holder: holder === 'partnerA' || holder === 'partnerB' ? holder : null,
    since: typeof since === 'number' ? since : null,
    until: typeof until === 'number' ? until : null,
  }
}

export function giveFloor(doc: BoardDoc, holder: PartnerRole, forMs: number | null = null): void {
  mutate(doc, () => {
    const now = boardClock.now()
    const map = floorMap(doc)
    map.set('holder', holder)
    map.set('since', now)
    map.set('until', forMs === null ? null : now + forMs)
  })
}

export function takeBackFloor(doc: BoardDoc): void {
  mutate(doc, () => {
    const map = floorMap(doc)
    map.set('holder', null)
    map.set('since', null)
    map.set('until', null)
  })
}
