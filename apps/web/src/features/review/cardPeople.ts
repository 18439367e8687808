import { PARTNER_ROLES } from '@session-board/board'
import type { Author, BoardSnapshot, Card, RatingKind } from '@session-board/board'
import { partnerName } from '../session/SessionContext.tsx'

/** Who added a card, in words: a partner's name, or the therapist. */
export function authorLabel(snapshot: BoardSnapshot, author: Author | null): string {
  if (!author) return ''
  if (author.role === 'partnerA' || author.role === 'partnerB') return partnerName(snapshot, author.role)
  return author.role === 'therapist' ? 'the therapist' : ''
}

const kindLabels: Record<RatingKind, string> = { effort: 'Effort', impact: 'Impact' }

/** Both partners' ratings of one kind, as small text: "Effort: Maya 3 · Sam 5" ("–" where not rated). */
export function ratingLine(snapshot: BoardSnapshot, card: Card, kind: RatingKind): string {
  const parts = PARTNER_ROLES.map(
    (partner) => `${partnerName(snapshot, partner)} ${card.ratings[partner][kind] ?? '–'}`,
  )
  return `${kindLabels[kind]}: ${parts.join(' · ')}`
}

export function hasRatings(card: Card): boolean {
  return Object.values(card.ratings).some((rating) => rating.effort !== null || rating.impact !== null)
}
