import type { BoardDoc } from '../doc.ts'
import { mutate, readString, sessionMap } from '../doc.ts'
import { selectCallKeyIndex } from '../rules/stamps.ts'
import { defineRecord, field } from '../schema/descriptor.ts'
import { SHORT_TEXT, integer, oneOf, text } from '../schema/fields.ts'

export interface SessionInfo {
  title: string
  partnerAName: string
  partnerBName: string
}

const fields = ['title', 'partnerAName', 'partnerBName'] as const

export function selectSessionInfo(doc: BoardDoc): SessionInfo {
  const map = sessionMap(doc)
  return {
    title: readString(map, 'title'),
    partnerAName: readString(map, 'partnerAName'),
    partnerBName: readString(map, 'partnerBName'),
  }
}

export function updateSessionInfo(doc: BoardDoc, patch: Partial<SessionInfo>): void {
  mutate(doc, () => {
    const map = sessionMap(doc)
    for (const field of fields) {
      const value = patch[field]
      if (value !== undefined && map.get(field) !== value) map.set(field, value)
    }
  })
}

/** A display name: what the privacy notice and the join page let a partner choose. */
const NAME = text(60)

export const sessionRecord = defineRecord({
  root: 'session',
  shape: 'singleton',
  stamped: true,
  undo: true,
  fields: [
    field('title', text(SHORT_TEXT), 'therapist'),
    field('partnerAName', NAME, 'therapist'),
    field('partnerBName', NAME, 'therapist'),
    // Ended or open: the server writes it when the therapist ends or reopens the session.
    field('status', oneOf(['open', 'ended']), 'server'),
    // The video call's key generation: raised by the server when it makes a new key.
    field('callKeyIndex', integer(0, 1_000_000), 'server'),
  ],
  snapshot: { session: selectSessionInfo, callKeyIndex: selectCallKeyIndex },
})
