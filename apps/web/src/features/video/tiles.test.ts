import { describe, expect, it } from 'vitest'
import type { PartnerRole } from '@session-board/board'
import { floorMuteNotice, initials, orderTiles } from './tiles.ts'

const names = {
  partner: (partner: PartnerRole) => (partner === 'partnerA' ? 'Maya' : 'Sam'),
}

describe('call tiles', () => {
  it('orders therapist, partner A, partner B, and leaves observers out', () => {
    const order = orderTiles([
      { identity: 'p-b', role: 'partnerB', isLocal: false },
      { identity: 'obs', role: 'observer', isLocal: false },
      { identity: 'p-a', role: 'partnerA', isLocal: true },
      { identity: 'ther', role: 'therapist', isLocal: false },
      { identity: 'odd', role: null, isLocal: false },
    ])
    expect(order.map((tile) => tile.identity)).toEqual(['ther', 'p-a', 'p-b'])
  })

  it('shows initials when the camera is off', () => {
    expect(initials('Dr. Ana Rivera')).toBe('DR')
    expect(initials('maya')).toBe('M')
    expect(initials('  ')).toBe('?')
  })
})

describe('the listener’s microphone notice', () => {
  const off = { holder: null, muteListener: true }
  const mayaSpeaks = { holder: 'partnerA' as const, muteListener: true }

  it('tells the listener when the floor mutes them, and when it passes', () => {
    const name = names.partner
    expect(floorMuteNotice(off, mayaSpeaks, 'partnerB', name)).toBe(
      'Your microphone is muted while Maya has the floor.',
    )
    expect(floorMuteNotice(mayaSpeaks, off, 'partnerB', name)).toBe(
      'The floor has passed; your microphone is yours again.',
    )
    expect(floorMuteNotice(mayaSpeaks, { holder: 'partnerB', muteListener: true }, 'partnerB', name)).toBe(
      'The floor has passed; your microphone is yours again.',
    )
  })

  it('says nothing to the speaker, the therapist, or when muting is off', () => {
    expect(floorMuteNotice(off, mayaSpeaks, 'partnerA', names.partner)).toBeNull()
    expect(floorMuteNotice(off, mayaSpeaks, 'therapist', names.partner)).toBeNull()
    expect(
      floorMuteNotice(off, { holder: 'partnerA', muteListener: false }, 'partnerB', names.partner),
    ).toBeNull()
  })
})
