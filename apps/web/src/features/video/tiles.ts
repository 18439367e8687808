import { floorMutedListener } from '@session-board/board'
import type { FloorState, PartnerRole } from '@session-board/board'
import type { Role } from '@session-board/protocol'

// Loaded with the call (lazily): no runtime imports of schemas here, only the board's pure helpers.

const roleOrder: Record<Role, number> = { therapist: 0, partnerA: 1, partnerB: 2, observer: 3 }

export interface TileOrderEntry {
  identity: string
  role: Role | null
  isLocal: boolean
}

/**
 * The tiles in a steady order: therapist, partner A, partner B, then anyone else. Observers never get
 * a tile: they join hidden, and their own view shows only the people they watch.
 */
export function orderTiles<T extends TileOrderEntry>(people: readonly T[]): T[] {
  return people
    .filter((person) => person.role !== null && person.role !== 'observer')
    .sort(
      (a, b) =>
        roleOrder[a.role!] - roleOrder[b.role!] ||
        Number(b.isLocal) - Number(a.isLocal) ||
        a.identity.localeCompare(b.identity),
    )
}

/** Up to two letters for a tile whose camera is off. */
export function initials(name: string): string {
  const words = name
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean)
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words.slice(0, 1)
  return letters.map((word) => word[0]!.toLocaleUpperCase()).join('') || '?'
}

/**
 * What the listener hears about their microphone as the floor moves: a sentence when the floor mutes
 * them and one when it lets them go; null when nothing about this person changed.
 */
export function floorMuteNotice(
  before: Pick<FloorState, 'holder' | 'muteListener'>,
  after: Pick<FloorState, 'holder' | 'muteListener'>,
  me: Role,
  holderName: (partner: PartnerRole) => string,
): string | null {
  const wasMuted = floorMutedListener(before) === me
  const isMuted = floorMutedListener(after) === me
  if (isMuted && !wasMuted && after.holder) {
    return `Your microphone is muted while ${holderName(after.holder)} has the floor.`
  }
  if (wasMuted && !isMuted) return 'The floor has passed; your microphone is yours again.'
  return null
}
