import type { Role } from '@session-board/protocol'

/** One calm colour per role, dark enough to read as text on white (WCAG AA). */
export const roleColors: Record<Role, string> = {
  therapist: '#2f6f6a',
  partnerA: '#3f5fa8',
  partnerB: '#8a4f7d',
  observer: '#5f6670',
}
