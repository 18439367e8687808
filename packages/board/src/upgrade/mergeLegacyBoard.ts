import * as Y from 'yjs'
import type { BoardDoc } from '../doc.ts'
import { sessionMap } from '../doc.ts'
import { MEETING_ROOTS, buildMeeting, meetingsMap, writeMeeting } from '../records/meeting.ts'
import { selectCallKeyIndex } from '../rules/stamps.ts'
import { migrateBoard } from '../schema.ts'
import { BOARD_RECORDS } from '../schema/registry.ts'

/** One session's board from before the couple had a document of its own (stored under the session id). */
export interface LegacyBoard {
  sessionId: string
  title: string
  /** When the session was created: its meeting's start (legacy sessions have no start of their own). */
  createdAt: number
  /** Null when the session was never ended. */
  endedAt: number | null
  /** The couple's most recent session: its meeting stays in the live roots. */
  latest: boolean
}

/** What a merge did, in counts and ids only (the server may log it: no names, no words). */
export interface MergeReport {
  /** Records copied into the couple's document, by root. */
  added: Record<string, number>
  /** Records the couple's document already held (a huddle record carried from board to board), by root. */
  alreadyThere: Record<string, number>
  /** The meeting went into the archive (`meetings[sessionId]`). */
  archived: boolean
  /** The meeting is the couple's live one. */
  live: boolean
}

const meetingRoots: ReadonlySet<string> = new Set(MEETING_ROOTS)
/**
 * Singletons not taken from a legacy board: the schema version is the couple document's own, the couple
 * record is written by the server from its couples table, and the session record is written below.
 */
const notCopied = new Set(['meta', 'couple', 'session'])

const copyOf = (value: unknown): unknown => (value instanceof Y.AbstractType ? value.clone() : value)

/** The legacy board at the current schema, as a copy: the stored legacy document is never written. */
function migratedCopy(legacy: BoardDoc): BoardDoc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(legacy))
  if (migrateBoard(copy) === 'newer') {
    throw new Error('mergeLegacyBoard: the legacy board was saved by a newer version of the board')
  }
  return copy
}

/** Every record of a collection the couple's document does not hold yet, copied with all its fields. */
function copyRecords(from: Y.Map<unknown>, into: Y.Map<unknown>): { added: number; alreadyThere: number } {
  let added = 0
  let alreadyThere = 0
  from.forEach((record, id) => {
    if (into.has(id)) alreadyThere++
    else {
      into.set(id, copyOf(record))
      added++
    }
  })
  return { added, alreadyThere }
}

/** A plan singleton (the grid): the later board's fields win, fields it never wrote are kept. */
function copyFields(from: Y.Map<unknown>, into: Y.Map<unknown>): void {
  from.forEach((value, key) => {
    if (into.get(key) !== value) into.set(key, copyOf(value))
  })
}

/** The live roots become the legacy board's meeting, as it stood. */
function takeLiveMeeting(source: BoardDoc, couple: BoardDoc, board: LegacyBoard): void {
  for (const root of MEETING_ROOTS) {
    const into = couple.getMap(root)
    for (const key of [...into.keys()]) into.delete(key)
    source.getMap(root).forEach((value, key) => into.set(key, copyOf(value)))
  }
  const session = sessionMap(couple)
  session.set('meetingId', board.sessionId)
  session.set('title', board.title)
  session.set('status', board.endedAt === null ? 'open' : 'ended')
  // The call's key generation only ever rises: a key index once used is never handed out again.
  const callKeyIndex = Math.max(selectCallKeyIndex(source), selectCallKeyIndex(couple))
  if (callKeyIndex > 0) session.set('callKeyIndex', callKeyIndex)
}

/**
 * Copies a legacy per-session board into its couple's document, losing nothing, in one transaction:
 * - the plan's collections (goals, stepping stones, if-then plans, proposals, canvas, huddle records,
 *   …: every collection of the registry but the review cards) record by record; a record the couple
 *   already holds (the same huddle record, carried by name from board to board) is kept once;
 * - the plan's singletons (the grid) field by field, the later board winning;
 * - the meeting (review cards, floor turns, huddles, experiment) of a session that ended, or that a
 *   later session followed, into `meetings[sessionId]`;
 * - the latest session's meeting into the live roots, with the session record naming it.
 * Call it for each of a couple's legacy boards, oldest first; the legacy document is not changed.
 */
export function mergeLegacyBoard(coupleDoc: BoardDoc, legacyDoc: BoardDoc, board: LegacyBoard): MergeReport {
  const source = migratedCopy(legacyDoc)
  if (migrateBoard(coupleDoc) === 'newer') {
    throw new Error('mergeLegacyBoard: the couple’s board was saved by a newer version of the board')
  }
  const report: MergeReport = { added: {}, alreadyThere: {}, archived: false, live: false }
  coupleDoc.transact(() => {
    for (const { root, shape } of BOARD_RECORDS) {
      if (meetingRoots.has(root) || notCopied.has(root)) continue
      const from = source.getMap(root)
      const into = coupleDoc.getMap(root)
      if (shape === 'singleton') {
        copyFields(from, into)
        continue
      }
      const { added, alreadyThere } = copyRecords(from, into)
      if (added > 0) report.added[root] = added
      if (alreadyThere > 0) report.alreadyThere[root] = alreadyThere
    }
    if ((board.endedAt !== null || !board.latest) && !meetingsMap(coupleDoc).has(board.sessionId)) {
      const times = {
        sessionId: board.sessionId,
        title: board.title,
        startedAt: board.createdAt,
        endedAt: board.endedAt,
      }
      writeMeeting(coupleDoc, buildMeeting(source, coupleDoc, times))
      report.archived = true
    }
    if (board.latest) {
      takeLiveMeeting(source, coupleDoc, board)
      report.live = true
    }
  })
  source.destroy()
  return report
}
