import type { GoalOwner, PartnerRole } from '@session-board/board'

/** Who can own a goal or a plan, as the choices of a select, in the partners' own names. */
export function ownerChoices(name: (partner: PartnerRole) => string): { value: GoalOwner; label: string }[] {
  return [
    { value: '', label: 'Not chosen yet' },
    { value: 'partnerA', label: name('partnerA') },
    { value: 'partnerB', label: name('partnerB') },
    { value: 'both', label: 'Both together' },
  ]
}

/** An owner in running text: a partner's name, "both together", or '' when no one is chosen. */
export function ownerLabel(owner: GoalOwner, name: (partner: PartnerRole) => string): string {
  if (owner === 'both') return 'both together'
  return owner === '' ? '' : name(owner)
}
