import type * as Y from 'yjs'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { floorMap, mutate } from '../doc.ts'
import type { PartnerRole } from './goal.ts'
import { PARTNER_ROLES } from './goal.ts'
import { defineRecord, field, partnerKey } from '../schema/descriptor.ts'
import {
  LONG_TEXT,
  boolean,
  duration,
  nullable,
  object,
  partner as partnerSpec,
  text,
  time,
} from '../schema/fields.ts'

/**
 * Structured turn-taking (root `floor`, one record). The therapist gives the floor to one partner at a
 * time and owns the holder, the turns and the reflect-back gate. Each partner owns their own keys:
 * `hand.<partner>` (raised at), `reflect.<partner>` (the listener's summary of the turn) and
 * `confirm.<partner>` (the speaker's "yes, that's it"). Nothing a partner writes is ever reset by the
 * therapist (they may not write it): a hand, a reflection or a confirmation counts only for the turn it
 * belongs to, which is read from the turns.
 */
export interface FloorTurn {
  partner: PartnerRole
  since: number
  /** null while the turn is open. */
  until: number | null
}

export interface FloorState {
  holder: PartnerRole | null
  since: number | null
  /** The planned end of the current turn. */
  until: number | null
  turnMs: number
  /** The gate: the floor moves on only once the speaker confirmed the listener's reflection. */
  reflectBack: boolean
  /** The airtime meter is the therapist's; they may show it to everyone. */
  airtimeForAll: boolean
  /**
   * In the video call, the listener's microphone is muted while the other partner holds the floor and
   * unmuted when it passes (the server does it through LiveKit; the listener is told).
   */
  muteListener: boolean
  /** Raised hands, oldest first. */
  hands: { partner: PartnerRole; raisedAt: number }[]
  /** The listener's summary of the current turn. */
  reflection: { summary: string; turnSince: number } | null
  /** The speaker confirmed the reflection of the current turn. */
  confirmed: boolean
  /** Every turn of the session, in order: the airtime meter's source. */
  turns: FloorTurn[]
}

export const DEFAULT_TURN_MS = 120_000

/** Each turn is its own key, so two concurrent writes of the therapist never lose a turn. */
const TURN_PREFIX = 'turn.'

const isPartner = (value: unknown): value is PartnerRole => value === 'partnerA' || value === 'partnerB'
const finite = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null
/** The other one of the couple: the listener of a speaker, the partner an appreciation is for. */
export const otherPartner = (partner: PartnerRole): PartnerRole =>
  partner === 'partnerA' ? 'partnerB' : 'partnerA'

/**
 * The turns in order. A turn ends at the latest when the next one starts, so an open turn left behind
 * by a concurrent give (two therapist devices) is never counted twice.
 */
function readTurns(map: Y.Map<unknown>): FloorTurn[] {
  const turns: FloorTurn[] = []
  map.forEach((value, key) => {
    if (!key.startsWith(TURN_PREFIX) || typeof value !== 'object' || value === null) return
    const stored = value as Partial<Record<string, unknown>>
    const since = finite(stored.since)
    if (!isPartner(stored.partner) || since === null) return
    turns.push({ partner: stored.partner, since, until: finite(stored.until) })
  })
  turns.sort((a, b) => a.since - b.since || (a.partner < b.partner ? -1 : 1))
  return turns.map((turn, index) => {
    const next = turns[index + 1]
    if (!next) return turn
    return { ...turn, until: turn.until === null ? next.since : Math.min(turn.until, next.since) }
  })
}

export function selectFloor(doc: BoardDoc): FloorState {
  const map = floorMap(doc)
  const holderValue = map.get('holder')
  const holder = isPartner(holderValue) ? holderValue : null
  const since = holder ? finite(map.get('since')) : null
  const turns = readTurns(map)

  const hands: FloorState['hands'] = []
  for (const partner of PARTNER_ROLES) {
    const raisedAt = finite(map.get(`hand.${partner}`))
    // A turn given to the partner at or after the hand went up answered it.
    const answered = turns.some(
      (turn) => turn.partner === partner && raisedAt !== null && turn.since >= raisedAt,
    )
    if (raisedAt !== null && !answered) hands.push({ partner, raisedAt })
  }
  hands.sort((a, b) => a.raisedAt - b.raisedAt || (a.partner < b.partner ? -1 : 1))

  let reflection: FloorState['reflection'] = null
  if (holder && since !== null) {
    const stored = map.get(`reflect.${otherPartner(holder)}`) as Partial<Record<string, unknown>> | undefined
    if (typeof stored?.summary === 'string' && stored.turnSince === since) {
      reflection = { summary: stored.summary, turnSince: since }
    }
  }
  const turnMs = finite(map.get('turnMs'))
  return {
    holder,
    since,
    until: holder ? finite(map.get('until')) : null,
    turnMs: turnMs !== null && turnMs > 0 ? turnMs : DEFAULT_TURN_MS,
    reflectBack: map.get('reflectBack') === true,
    airtimeForAll: map.get('airtimeForAll') === true,
    muteListener: map.get('muteListener') === true,
    hands,
    reflection,
    confirmed: holder !== null && since !== null && map.get(`confirm.${holder}`) === since,
    turns,
  }
}

function closeTurn(map: Y.Map<unknown>, state: FloorState, now: number): void {
  if (state.holder === null || state.since === null) return
  map.set(`${TURN_PREFIX}${state.since}`, { partner: state.holder, since: state.since, until: now })
}

/**
 * Gives the floor to `partner` for `forMs` (the default turn length). With the reflect-back gate on,
 * refused (false) while the current speaker has not confirmed the listener's reflection, unless forced.
 */
export function giveFloor(
  doc: BoardDoc,
  partner: PartnerRole,
  forMs?: number,
  options: { force?: boolean } = {},
): boolean {
  if (!isPartner(partner)) return false
  return mutate(doc, () => {
    const map = floorMap(doc)
    const state = selectFloor(doc)
    if (state.reflectBack && state.holder !== null && !state.confirmed && !options.force) return false
    const now = boardClock.now()
    const length = forMs !== undefined && forMs > 0 && Number.isFinite(forMs) ? forMs : state.turnMs
    closeTurn(map, state, now)
    map.set('holder', partner)
    map.set('since', now)
    map.set('until', now + length)
    map.set(`${TURN_PREFIX}${now}`, { partner, since: now, until: null })
    return true
  })
}

/** The therapist takes the floor back, at any time: the turn ends now. */
export function takeBackFloor(doc: BoardDoc): void {
  mutate(doc, () => {
    const map = floorMap(doc)
    closeTurn(map, selectFloor(doc), boardClock.now())
    map.set('holder', null)
    map.set('since', null)
    map.set('until', null)
  })
}

export function setReflectBack(doc: BoardDoc, on: boolean): void {
  mutate(doc, () => floorMap(doc).set('reflectBack', on))
}

export function setAirtimeForAll(doc: BoardDoc, on: boolean): void {
  mutate(doc, () => floorMap(doc).set('airtimeForAll', on))
}

/** The therapist's call setting: mute the listener's microphone while the other partner speaks. */
export function setListenerMuting(doc: BoardDoc, on: boolean): void {
  mutate(doc, () => floorMap(doc).set('muteListener', on))
}

/**
 * Whether a change at this place in the document can change who the call mutes: the floor's holder or
 * the listener-muting setting. The server asks it of every accepted edit, so the call follows the board.
 */
export function movesCallMuting(path: { root: string; keys: readonly (string | null)[] }): boolean {
  return path.root === 'floor' && (path.keys[0] === 'holder' || path.keys[0] === 'muteListener')
}

/** The partner whose microphone the floor keeps muted in the call now, or null. */
export function floorMutedListener(state: Pick<FloorState, 'holder' | 'muteListener'>): PartnerRole | null {
  return state.muteListener && state.holder !== null ? otherPartner(state.holder) : null
}

export function setTurnMs(doc: BoardDoc, ms: number): void {
  if (!(ms > 0) || !Number.isFinite(ms)) return
  mutate(doc, () => floorMap(doc).set('turnMs', ms))
}

/** A partner asks for the floor; raising it again keeps the original place in line. */
export function raiseHand(doc: BoardDoc, partner: PartnerRole): void {
  if (!isPartner(partner)) return
  mutate(doc, () => {
    if (selectFloor(doc).hands.some((hand) => hand.partner === partner)) return
    floorMap(doc).set(`hand.${partner}`, boardClock.now())
  })
}

export function lowerHand(doc: BoardDoc, partner: PartnerRole): void {
  if (!isPartner(partner)) return
  mutate(doc, () => {
    const map = floorMap(doc)
    if (map.has(`hand.${partner}`)) map.delete(`hand.${partner}`)
  })
}

/** The listener's summary of what the speaker said, for the current turn. */
export function reflect(doc: BoardDoc, listener: PartnerRole, summary: string): void {
  if (!isPartner(listener)) return
  mutate(doc, () => {
    const { holder, since } = selectFloor(doc)
    if (holder === null || holder === listener || since === null) return
    floorMap(doc).set(`reflect.${listener}`, { summary, turnSince: since })
  })
}

/** The speaker says "yes, that's it" to the listener's reflection of the current turn. */
export function confirmReflection(doc: BoardDoc, speaker: PartnerRole): void {
  if (!isPartner(speaker)) return
  mutate(doc, () => {
    const { holder, since, reflection } = selectFloor(doc)
    if (holder !== speaker || since === null || reflection === null) return
    floorMap(doc).set(`confirm.${speaker}`, since)
  })
}

/** Total floor time per partner; an open turn counts up to `now`. */
export function airtime(state: Pick<FloorState, 'turns'>, now: number): Record<PartnerRole, number> {
  const total: Record<PartnerRole, number> = { partnerA: 0, partnerB: 0 }
  for (const turn of state.turns) {
    const end = Math.min(turn.until ?? now, now)
    total[turn.partner] += Math.max(0, end - turn.since)
  }
  return total
}

export const floorRecord = defineRecord({
  root: 'floor',
  shape: 'singleton',
  stamped: true,
  fields: [
    field('holder', nullable(partnerSpec), 'therapist'),
    field('since', nullable(time), 'therapist'),
    field('until', nullable(time), 'therapist'),
    field('turnMs', duration, 'therapist'),
    field('reflectBack', boolean, 'therapist'),
    field('airtimeForAll', boolean, 'therapist'),
    field('muteListener', boolean, 'therapist'),
    // Each turn is its own key, named by when it started.
    field(
      /^turn\.[0-9.]{1,24}$/,
      object({ partner: partnerSpec, since: time, until: nullable(time) }),
      'therapist',
    ),
    field(partnerKey('hand'), time, 'partner'),
    field(partnerKey('reflect'), object({ summary: text(LONG_TEXT), turnSince: time }), 'partner'),
    field(partnerKey('confirm'), time, 'partner'),
  ],
  snapshot: { floor: selectFloor },
})
