import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { createBoardDoc, huddleMap } from '../doc.ts'
import { classifyWrite } from '../rules/writeRules.ts'
import { checkValue } from '../schema/fields.ts'
import { fieldRuleFor, recordFor } from '../schema/registry.ts'
import { advancePhase, endHuddle, selectHuddle, startHuddle } from './huddle.ts'
import { huddleAt } from './huddleClock.ts'
import { followedPart, huddleStep, showPart } from './shownPart.ts'

const T0 = 1_700_000_000_000
const MIN = 60_000
let doc: BoardDoc
let now = T0

beforeEach(() => {
  doc = createBoardDoc()
  now = T0
  vi.spyOn(boardClock, 'now').mockImplementation(() => now)
})
afterEach(() => {
  vi.restoreAllMocks()
})

/** What a partner who follows the therapist sees now. */
const followed = () => {
  const huddle = selectHuddle(doc)
  return followedPart(huddle.shownPart, huddleAt(huddle, now), huddle.runId)
}
/** The therapist opens a part, in the huddle part that is on now. */
const therapistShows = (part: Parameters<typeof showPart>[1]['part']) => {
  const huddle = selectHuddle(doc)
  showPart(doc, { part, step: huddleStep(huddleAt(huddle, now), huddle.runId) })
}

describe('the part everyone who follows the therapist sees', () => {
  it('is the huddle until the therapist shows another part', () => {
    expect(followed()).toBe('huddle')
    therapistShows('grid')
    expect(followed()).toBe('grid')
  })

  it('moves with the huddle to where each of its parts happens', () => {
    startHuddle(doc) // check-in, then review, experiment, appreciation
    expect(followed()).toBe('huddle')
    advancePhase(doc)
    expect(followed()).toBe('review')
    advancePhase(doc)
    expect(followed()).toBe('canvas')
  })

  it('keeps the therapist’s choice within a huddle part, and gives way when the clock moves on', () => {
    startHuddle(doc)
    therapistShows('goals')
    expect(followed()).toBe('goals')
    // The check-in's minutes run out and the huddle moves on by itself: the review's place comes first.
    const checkIn = selectHuddle(doc).agenda[0]!
    now = T0 + checkIn.minutes * MIN + 1_000
    expect(huddleAt(selectHuddle(doc), now).phase?.kind).toBe('review')
    expect(followed()).toBe('review')
  })

  it('keeps the therapist’s last choice after the huddle ends', () => {
    startHuddle(doc)
    endHuddle(doc)
    therapistShows('grid')
    expect(followed()).toBe('grid')
  })

  it('writes nothing when the same part is shown again', () => {
    therapistShows('canvas')
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    therapistShows('canvas')
    expect(updates).toHaveLength(0)
  })

  it('is the therapist’s to write, and only a known part passes the server’s checks', () => {
    expect(classifyWrite({ root: 'huddle', keys: ['shownPart'] })).toBe('therapist')
    const rule = fieldRuleFor(recordFor('huddle')!, 'shownPart')!
    expect(checkValue(rule.value, { part: 'review', step: 'huddle_1:1' }, 'huddle')).toBeNull()
    expect(checkValue(rule.value, { part: 'somewhere', step: '' }, 'huddle')).not.toBeNull()
    huddleMap(doc).set('shownPart', { part: 'somewhere', step: '' })
    expect(followed()).toBe('huddle')
  })
})
