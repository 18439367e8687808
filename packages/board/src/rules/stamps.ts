import type { BoardDoc } from '../doc.ts'
import type { BoardRole } from './writeRules.ts'

/** Who wrote something, as the server knows it from the connection: never taken from the client. */
export interface Author {
  id: string
  role: BoardRole
}

export type SessionStatus = 'open' | 'ended'

export function readAuthor(value: unknown): Author | null {
  const stored = value as Partial<Author> | undefined
  return typeof stored?.id === 'string' && typeof stored.role === 'string'
    ? { id: stored.id, role: stored.role as BoardRole }
    : null
}

export function selectSessionStatus(doc: BoardDoc): SessionStatus {
  return doc.getMap('session').get('status') === 'ended' ? 'ended' : 'open'
}

/** Server only: the session's status, which partners' boards follow to turn read-only. */
export function writeSessionStatus(doc: BoardDoc, status: SessionStatus): void {
  const session = doc.getMap('session')
  if (session.get('status') !== status) session.set('status', status)
}

/**
 * The video call's end-to-end key generation: the server raises it when it makes a new key (someone
 * was removed), and every client in the call then fetches the new key over its authenticated request.
 * The key itself never enters the document.
 */
export function selectCallKeyIndex(doc: BoardDoc): number {
  const value = doc.getMap('session').get('callKeyIndex')
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0
}

/** Server only: the call key's generation, after a new key was made. */
export function writeCallKeyIndex(doc: BoardDoc, index: number): void {
  const session = doc.getMap('session')
  if (session.get('callKeyIndex') !== index) session.set('callKeyIndex', index)
}
