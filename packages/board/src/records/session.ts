import type { BoardDoc } from '../doc.ts'
import { mutate, readString, sessionMap } from '../doc.ts'
import { selectCallKeyIndex } from '../rules/stamps.ts'
import { defineRecord, field } from '../schema/descriptor.ts'
import { SHORT_TEXT, idOrEmpty, integer, oneOf, text } from '../schema/fields.ts'
import { coupleMap, fitsPartnerName, selectCouple, writeCoupleInfo } from './couple.ts'

/** The board's heading: the meeting's title and the partners' names (which the couple record holds). */
export interface SessionInfo {
  title: string
  partnerAName: string
  partnerBName: string
}

export function selectSessionInfo(doc: BoardDoc): SessionInfo {
  const { partnerAName, partnerBName } = selectCouple(doc)
  return { title: readString(sessionMap(doc), 'title'), partnerAName, partnerBName }
}

/** Server side: the title goes to the session, the names to the couple record (server-written). */
export function updateSessionInfo(doc: BoardDoc, patch: Partial<SessionInfo>): void {
  const { title, partnerAName, partnerBName } = patch
  mutate(doc, () => {
    // The names first: a name that does not fit throws before anything is written.
    writeCoupleInfo(doc, {
      ...(partnerAName !== undefined ? { partnerAName } : {}),
      ...(partnerBName !== undefined ? { partnerBName } : {}),
    })
    const map = sessionMap(doc)
    if (title !== undefined && map.get('title') !== title) map.set('title', title)
  })
}

const LEGACY_NAMES = ['partnerAName', 'partnerBName'] as const

/**
 * Version 2: the partners' names belong to the couple, not to one meeting. A name the couple record
 * already has (written by the server from its couples table) wins; one that does not fit a name is
 * dropped, and the server writes the couple's names again from its table.
 */
function moveNamesToCouple(doc: BoardDoc): void {
  const session = sessionMap(doc)
  const couple = coupleMap(doc)
  for (const key of LEGACY_NAMES) {
    const name = session.get(key)
    if (fitsPartnerName(name) && !couple.has(key)) couple.set(key, name)
    if (session.has(key)) session.delete(key)
  }
}

export const sessionRecord = defineRecord({
  root: 'session',
  shape: 'singleton',
  stamped: true,
  undo: true,
  fields: [
    field('title', text(SHORT_TEXT), 'therapist'),
    // Ended or open: the server writes it when the therapist ends or reopens the session.
    field('status', oneOf(['open', 'ended']), 'server'),
    // The meeting the board holds now: the session the server started it for (`startMeeting`).
    field('meetingId', idOrEmpty, 'server'),
    // The video call's key generation: raised by the server when it makes a new key.
    field('callKeyIndex', integer(0, 1_000_000), 'server'),
  ],
  snapshot: { session: selectSessionInfo, callKeyIndex: selectCallKeyIndex },
  migrations: [{ to: 2, up: moveNamesToCouple }],
})
