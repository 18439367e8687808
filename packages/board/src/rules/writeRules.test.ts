import { describe, expect, it } from 'vitest'
import type { BoardRole, WriteClass } from './writeRules.ts'
import { BOARD_RECORDS } from '../schema/registry.ts'
import { classifyWrite, mayWrite } from './writeRules.ts'

const path = (root: string, ...keys: Array<string | null>) => ({ root, keys })

describe('write rules', () => {
  it('classifies each part of the document', () => {
    expect(classifyWrite(path('goals', 'goal_1'))).toBe('shared')
    expect(classifyWrite(path('goals', 'goal_1', 'title'))).toBe('shared')
    expect(classifyWrite(path('goals', 'goal_1', 'consent.partnerA'))).toEqual({ partner: 'partnerA' })
    expect(classifyWrite(path('cards', 'card_1', 'createdBy'))).toBe('server')
    expect(classifyWrite(path('huddle', 'status'))).toBe('therapist')
    expect(classifyWrite(path('floor', 'holder'))).toBe('therapist')
    expect(classifyWrite(path('reveal', 'week-1'))).toBe('therapist')
    expect(classifyWrite(path('huddle', 'updatedBy'))).toBe('server')
    expect(classifyWrite(path('session', 'status'))).toBe('server')
    expect(classifyWrite(path('session', 'title'))).toBe('therapist')
    expect(classifyWrite(path('meta', 'schemaVersion'))).toBe('server')
    // Steps, plans and the canvas are record collections like goals and cards.
    for (const [root, field] of [
      ['steps', 'title'],
      ['plans', 'condition'],
      ['canvas', 'x'],
    ] as const) {
      expect(classifyWrite(path(root, 'x_1'))).toBe('shared')
      expect(classifyWrite(path(root, 'x_1', field))).toBe('shared')
    }
    expect(classifyWrite(path('steps', 'x_1', 'updatedBy'))).toBe('server')
    expect(classifyWrite(path('plans', 'x_1', 'updatedBy'))).toBe('server')
    expect(classifyWrite(path('canvas', 'shape:a', 'props.w'))).toBe('shared')
    // Unknown roots, unknown fields and list-like writes are not classified: refused.
    expect(classifyWrite(path('anything', 'x'))).toBeNull()
    expect(classifyWrite(path('goals', 'goal_1', 'score.partnerB.effort'))).toBeNull()
    expect(classifyWrite(path('canvas', 'shape:a', 'updatedBy'))).toBeNull()
    expect(classifyWrite(path('session', 'secret'))).toBeNull()
    expect(classifyWrite(path('goals', null))).toBeNull()
    expect(classifyWrite(path('goals', 'goal_1', null))).toBeNull()
  })

  it('gives each partner their own keys inside the huddle and the floor, and the rest to the therapist', () => {
    for (const key of ['anchorStartedAt', 'status', 'agenda', 'extraMs', 'experimentPlanId']) {
      expect(classifyWrite(path('huddle', key))).toBe('therapist')
    }
    for (const key of ['holder', 'since', 'until', 'reflectBack', 'turnMs', 'turn.1700000000000']) {
      expect(classifyWrite(path('floor', key))).toBe('therapist')
    }
    expect(classifyWrite(path('huddle', 'checkIn.partnerA.needs'))).toEqual({ partner: 'partnerA' })
    expect(classifyWrite(path('huddle', 'appreciation.partnerB'))).toEqual({ partner: 'partnerB' })
    expect(classifyWrite(path('floor', 'hand.partnerB'))).toEqual({ partner: 'partnerB' })
    expect(classifyWrite(path('floor', 'reflect.partnerA'))).toEqual({ partner: 'partnerA' })
    expect(classifyWrite(path('floor', 'confirm.partnerB'))).toEqual({ partner: 'partnerB' })
    // Nested under a partner's own key is still theirs (its value check refuses the nesting); a
    // look-alike key is no field at all.
    expect(classifyWrite(path('floor', 'hand.partnerA', 'x'))).toEqual({ partner: 'partnerA' })
    expect(classifyWrite(path('floor', 'hand.partnerC'))).toBeNull()
    expect(classifyWrite(path('floor', 'hands.partnerA'))).toBeNull()
    expect(classifyWrite(path('floor', 'xhand.partnerA'))).toBeNull()
    // The reveal stays the therapist's alone, whatever the key looks like; stamps stay the server's.
    expect(classifyWrite(path('reveal', 'hand.partnerA'))).toBe('therapist')
    expect(classifyWrite(path('reveal', 'consent.partnerA'))).toBe('therapist')
    expect(classifyWrite(path('floor', 'createdBy'))).toBe('server')
    expect(classifyWrite(path('huddle', 'updatedBy'))).toBe('server')
  })

  it('keeps finished huddles the therapist’s: adding, changing and removing a record', () => {
    expect(classifyWrite(path('huddles', 'huddle_1'))).toBe('therapist')
    expect(classifyWrite(path('huddles', 'huddle_1', 'phases'))).toBe('therapist')
    expect(classifyWrite(path('huddles', 'huddle_1', 'appreciations'))).toBe('therapist')
    expect(classifyWrite(path('huddles', 'huddle_1', 'appreciation.partnerA'))).toBeNull()
    expect(classifyWrite(path('huddles', null))).toBeNull()
    expect(classifyWrite(path('huddles', 'huddle_1', null))).toBeNull()
  })

  it('gives each partner their own ratings of a review card, and nobody else', () => {
    const effortA = classifyWrite(path('cards', 'card_1', 'rating.partnerA.effort'))
    const impactB = classifyWrite(path('cards', 'card_1', 'rating.partnerB.impact'))
    expect(effortA).toEqual({ partner: 'partnerA' })
    expect(impactB).toEqual({ partner: 'partnerB' })
    const open = { sessionEnded: false }
    expect(mayWrite(effortA as WriteClass, { role: 'partnerA', ...open })).toBe(true)
    expect(mayWrite(effortA as WriteClass, { role: 'partnerB', ...open })).toBe(false)
    expect(mayWrite(effortA as WriteClass, { role: 'therapist', ...open })).toBe(false)
    expect(mayWrite(impactB as WriteClass, { role: 'observer', ...open })).toBe(false)
    // The card's owner and group are shared fields.
    expect(classifyWrite(path('cards', 'card_1', 'owner'))).toBe('shared')
    expect(classifyWrite(path('cards', 'card_1', 'group'))).toBe('shared')
  })

  it('lets each role write only its part, and partners nothing once the session ended', () => {
    const classes: WriteClass[] = [
      'shared',
      'therapist',
      'server',
      { partner: 'partnerA' },
      { partner: 'partnerB' },
    ]
    const table = (role: BoardRole, sessionEnded = false) =>
      classes.map((writeClass) => mayWrite(writeClass, { role, sessionEnded }))
    expect(table('therapist')).toEqual([true, true, false, false, false])
    expect(table('partnerA')).toEqual([true, false, false, true, false])
    expect(table('partnerB')).toEqual([true, false, false, false, true])
    expect(table('observer')).toEqual([false, false, false, false, false])
    expect(table('partnerA', true)).toEqual([false, false, false, false, false])
    expect(table('therapist', true)).toEqual([true, true, false, false, false])
  })

  it('stamps every collection but the canvas, which a drag would flood with stamps', () => {
    const collections = BOARD_RECORDS.filter((record) => record.shape === 'collection')
    // Finished huddles are written once, by the therapist, and never changed after; meetings are
    // written by the server.
    expect(collections.filter((record) => !record.stamped).map((record) => record.root)).toEqual([
      'canvas',
      'huddles',
      'meetings',
    ])
  })
})
