import { describe, expect, it } from 'vitest'
import type { PartnerRole } from '@session-board/board'
import { callRole, tileName } from './callPeople.ts'

const names = {
  partner: (partner: PartnerRole) => (partner === 'partnerA' ? 'Maya' : 'Sam'),
  therapist: null,
}

describe('naming call participants from the board', () => {
  it('reads the role from the participant’s attribute and ignores anything else', () => {
    expect(callRole({ role: 'partnerB' })).toBe('partnerB')
    expect(callRole({ role: 'admin' })).toBeNull()
    expect(callRole({})).toBeNull()
  })

  it('names tiles from the board: partners by name, the therapist by name or role', () => {
    expect(tileName('partnerA', names)).toBe('Maya')
    expect(tileName('therapist', names)).toBe('Therapist')
    expect(tileName('therapist', { ...names, therapist: 'Dr. Rivera' })).toBe('Dr. Rivera')
    expect(tileName('observer', names)).toBe('Observer')
  })
})
