import type { PartnerRole } from '@session-board/board'

/** The partners' names as the couple's record holds them (the server's, not the document's copy). */
export type PartnerNames = Record<PartnerRole, string>

export function nameOf(names: PartnerNames, partner: PartnerRole): string {
  return names[partner].trim() || (partner === 'partnerA' ? 'Partner A' : 'Partner B')
}
