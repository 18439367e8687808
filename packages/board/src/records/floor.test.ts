import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { createBoardDoc, floorMap } from '../doc.ts'
import {
  DEFAULT_TURN_MS,
  airtime,
  confirmReflection,
  floorMutedListener,
  giveFloor,
  lowerHand,
  raiseHand,
  reflect,
  selectFloor,
  setListenerMuting,
  setReflectBack,
  setTurnMs,
  takeBackFloor,
} from './floor.ts'

const T0 = 1_700_000_000_000
let doc: BoardDoc
let now = T0
const at = (instant: number) => {
  now = instant
}

beforeEach(() => {
  doc = createBoardDoc()
  now = T0
  vi.spyOn(boardClock, 'now').mockImplementation(() => now)
})
afterEach(() => {
  vi.restoreAllMocks()
})

describe('the floor', () => {
  it('gives the floor for the default turn, or for a chosen time', () => {
    expect(selectFloor(doc)).toEqual({
      holder: null,
      since: null,
      until: null,
      turnMs: DEFAULT_TURN_MS,
      reflectBack: false,
      airtimeForAll: false,
      muteListener: false,
      hands: [],
      reflection: null,
      confirmed: false,
      turns: [],
    })
    expect(giveFloor(doc, 'partnerA')).toBe(true)
    expect(selectFloor(doc)).toMatchObject({ holder: 'partnerA', since: T0, until: T0 + 120_000 })
    setTurnMs(doc, 90_000)
    at(T0 + 1_000)
    giveFloor(doc, 'partnerB')
    expect(selectFloor(doc)).toMatchObject({ holder: 'partnerB', until: T0 + 91_000 })
    giveFloor(doc, 'partnerA', 30_000)
    expect(selectFloor(doc).until).toBe(T0 + 31_000)
  })

  it('with the reflect-back gate on, moves on only once the speaker confirmed the reflection', () => {
    setReflectBack(doc, true)
    expect(giveFloor(doc, 'partnerA')).toBe(true) // nobody held the floor: nothing to reflect
    at(T0 + 60_000)
    expect(giveFloor(doc, 'partnerB')).toBe(false)
    expect(selectFloor(doc).holder).toBe('partnerA')

    confirmReflection(doc, 'partnerA') // nothing to confirm yet
    expect(selectFloor(doc).confirmed).toBe(false)
    reflect(doc, 'partnerA', 'I heard myself') // the speaker cannot reflect their own turn
    expect(selectFloor(doc).reflection).toBeNull()
    reflect(doc, 'partnerB', 'You felt alone on Sunday')
    expect(selectFloor(doc).reflection).toEqual({ summary: 'You felt alone on Sunday', turnSince: T0 })
    confirmReflection(doc, 'partnerB') // only the speaker confirms
    expect(giveFloor(doc, 'partnerB')).toBe(false)
    confirmReflection(doc, 'partnerA')
    expect(selectFloor(doc).confirmed).toBe(true)
    expect(giveFloor(doc, 'partnerB')).toBe(true)

    // The new turn starts unconfirmed: the old reflection and confirmation belong to the old turn.
    const state = selectFloor(doc)
    expect(state).toMatchObject({
      holder: 'partnerB',
      since: T0 + 60_000,
      reflection: null,
      confirmed: false,
    })
    expect(giveFloor(doc, 'partnerA')).toBe(false)
    expect(giveFloor(doc, 'partnerA', undefined, { force: true })).toBe(true)
    expect(selectFloor(doc).holder).toBe('partnerA')
  })

  it('lets the therapist take the floor back at any time, gate or not', () => {
    setReflectBack(doc, true)
    giveFloor(doc, 'partnerA')
    at(T0 + 5_000)
    takeBackFloor(doc)
    expect(selectFloor(doc)).toMatchObject({
      holder: null,
      since: null,
      until: null,
      turns: [{ partner: 'partnerA', since: T0, until: T0 + 5_000 }],
    })
    expect(giveFloor(doc, 'partnerB')).toBe(true)
  })

  it('lists raised hands oldest first; giving a partner the floor answers their hand', () => {
    at(T0 + 10)
    raiseHand(doc, 'partnerB')
    at(T0 + 20)
    raiseHand(doc, 'partnerA')
    at(T0 + 30)
    raiseHand(doc, 'partnerB') // already up: keeps its place
    expect(selectFloor(doc).hands).toEqual([
      { partner: 'partnerB', raisedAt: T0 + 10 },
      { partner: 'partnerA', raisedAt: T0 + 20 },
    ])
    expect(floorMap(doc).get('hand.partnerB')).toBe(T0 + 10)
    giveFloor(doc, 'partnerB')
    expect(selectFloor(doc).hands).toEqual([{ partner: 'partnerA', raisedAt: T0 + 20 }])
    lowerHand(doc, 'partnerA')
    expect(selectFloor(doc).hands).toEqual([])
    at(T0 + 40)
    raiseHand(doc, 'partnerB') // again, during their own turn
    expect(selectFloor(doc).hands).toEqual([{ partner: 'partnerB', raisedAt: T0 + 40 }])
  })

  it('sums the airtime per partner, the open turn up to now', () => {
    giveFloor(doc, 'partnerA')
    at(T0 + 30_000)
    giveFloor(doc, 'partnerB')
    at(T0 + 40_000)
    takeBackFloor(doc)
    at(T0 + 100_000)
    giveFloor(doc, 'partnerA')
    const state = selectFloor(doc)
    expect(state.turns).toEqual([
      { partner: 'partnerA', since: T0, until: T0 + 30_000 },
      { partner: 'partnerB', since: T0 + 30_000, until: T0 + 40_000 },
      { partner: 'partnerA', since: T0 + 100_000, until: null },
    ])
    expect(airtime(state, T0 + 105_000)).toEqual({ partnerA: 35_000, partnerB: 10_000 })
  })

  it('loses no turn when two therapist devices give the floor at once, and counts no time twice', () => {
    const other = createBoardDoc()
    giveFloor(doc, 'partnerA')
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    at(T0 + 10_000)
    giveFloor(doc, 'partnerB')
    at(T0 + 12_000)
    giveFloor(other, 'partnerA')
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other))
    const turns = selectFloor(doc).turns
    expect(turns).toEqual(selectFloor(other).turns)
    expect(turns.map((turn) => [turn.partner, turn.since])).toEqual([
      ['partnerA', T0],
      ['partnerB', T0 + 10_000],
      ['partnerA', T0 + 12_000],
    ])
    expect(airtime(selectFloor(doc), T0 + 20_000)).toEqual({ partnerA: 18_000, partnerB: 2_000 })
  })

  it('names the listener whose microphone the floor keeps muted, only with the setting on', () => {
    giveFloor(doc, 'partnerA')
    expect(floorMutedListener(selectFloor(doc))).toBeNull()
    setListenerMuting(doc, true)
    expect(floorMutedListener(selectFloor(doc))).toBe('partnerB')
    giveFloor(doc, 'partnerB')
    expect(floorMutedListener(selectFloor(doc))).toBe('partnerA')
    takeBackFloor(doc)
    expect(floorMutedListener(selectFloor(doc))).toBeNull()
  })
})
