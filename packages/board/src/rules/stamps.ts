import * as Y from 'yjs'
import type { BoardDoc } from '../doc.ts'
import type { BoardRole } from './writeRules.ts'
import { SINGLETON_RECORDS, STAMPED_COLLECTIONS } from './writeRules.ts'

/** Who wrote something, as the server knows it from the connection: never taken from the client. */
export interface Author {
  id: string
  role: BoardRole
}

export type SessionStatus = 'open' | 'ended'

function sameAuthor(value: unknown, author: Author): boolean {
  const stored = value as Partial<Author> | undefined
  return stored?.id === author.id && stored.role === author.role
}

/**
 * Stamps a record the author created or changed. Runs on the server, inside its own transaction, after
 * it accepted the author's update. Writes only what changed, so a person typing adds no stamps. Records
 * of collections that are not stamped (the canvas) are left as they are.
 */
export function stampRecord(
  doc: BoardDoc,
  target: { root: string; recordId: string | null },
  author: Author,
  created: boolean,
): void {
  let record: Y.Map<unknown> | undefined
  if ((STAMPED_COLLECTIONS as readonly string[]).includes(target.root) && target.recordId !== null) {
    const value = doc.getMap(target.root).get(target.recordId)
    record = value instanceof Y.Map ? (value as Y.Map<unknown>) : undefined
  } else if ((SINGLETON_RECORDS as readonly string[]).includes(target.root)) {
    record = doc.getMap(target.root)
  }
  if (!record) return
  if (created && !record.has('createdBy')) record.set('createdBy', { ...author })
  if (!sameAuthor(record.get('updatedBy'), author)) record.set('updatedBy', { ...author })
}

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
