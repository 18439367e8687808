import type { Role, SyncTarget } from '@session-board/protocol'
import type { Access } from './context.ts'
import type { CoupleRow } from './couples.ts'
import type { SessionRow } from './sessions.ts'

/**
 * What a board path names: a session (its board shows the couple's plan and the meeting) or a couple
 * alone (the plan between sessions). Either way the couple is known.
 */
export type BoardScope = { id: string; couple: CoupleRow; session: SessionRow | null }

export const isCoupleId = (id: string): boolean => id.startsWith('cpl_')

export async function resolveScope(
  access: Pick<Access, 'couples' | 'sessions'>,
  id: string,
): Promise<BoardScope | null> {
  if (isCoupleId(id)) {
    const couple = await access.couples.byId(id)
    return couple ? { id, couple, session: null } : null
  }
  const session = await access.sessions.byId(id)
  const couple = session ? await access.couples.byId(session.coupleId) : null
  return session && couple ? { id, couple, session } : null
}

/**
 * The stored document a connection opens: every board of a couple is the couple's one document; the
 * notes stay with their session; a partner's private grid scores belong to the couple, like the grid.
 */
export function documentFor(scope: BoardScope, target: SyncTarget, role: Role | null): string {
  if (target === 'board') return scope.couple.id
  if (target === 'scores') return scoresDocument(scope.couple.id, role)
  return `${scope.session?.id ?? scope.couple.id}:notes`
}

/** Only a partner has scores; anyone else would get a dead end (the door lets only partners open them). */
export function scoresDocument(coupleId: string, role: Role | null): string {
  return `${coupleId}:scores:${role ?? 'anonymous'}`
}
