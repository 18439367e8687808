import type { PartnerRole } from '@session-board/board'
import { callAttributesSchema } from '@session-board/protocol'
import type { Role } from '@session-board/protocol'

/** The board role a call participant carries in its `role` attribute (set by the server), if valid. */
export function callRole(attributes: Readonly<Record<string, string>>): Role | null {
  const parsed = callAttributesSchema.safeParse(attributes)
  return parsed.success ? parsed.data.role : null
}

/** LiveKit gets no names; the board names each tile. */
export function tileName(
  role: Role,
  names: { partner: (partner: PartnerRole) => string; therapist: string | null },
): string {
  if (role === 'partnerA' || role === 'partnerB') return names.partner(role)
  if (role === 'therapist') return names.therapist?.trim() || 'Therapist'
  return 'Observer'
}
