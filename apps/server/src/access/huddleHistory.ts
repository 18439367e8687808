import type { BoardDoc } from '@session-board/board'
import { exportHuddleRecords, importHuddleRecords } from '@session-board/board'
import type { Logger } from '../log.ts'
import { errorMessage } from '../log.ts'
import type { DocumentRegistry } from '../sync/registry.ts'
import type { SessionRow, Sessions } from './sessions.ts'

type Records = Record<string, Record<string, unknown>>

/** The same couple: the same therapist, and the same two partners' names (ignoring case and spaces). */
function coupleKey(row: SessionRow): string {
  const name = (value: string) => value.trim().replace(/\s+/g, ' ').toLowerCase()
  return `${row.therapistId}\u0000${name(row.partnerAName)}\u0000${name(row.partnerBName)}`
}

/**
 * Carries the records of finished huddles from one session of a couple to the next, so the next
 * board shows how the last huddle went. Each session's document keeps its own copy (records are keyed
 * by the huddle's run id, so carrying twice adds nothing): a new session takes them from the couple's
 * latest earlier session, and a huddle that ends is sent on to sessions already created after it.
 */
export function createHuddleHistory(deps: { sessions: Sessions; registry: DocumentRegistry; log: Logger }) {
  const { sessions, registry, log } = deps

  const coupleSessions = (sessionId: string): { row: SessionRow; others: SessionRow[] } | null => {
    const row = sessions.byId(sessionId)
    if (!row) return null
    const key = coupleKey(row)
    const others = sessions
      .listFor(row.therapistId)
      .filter((other) => other.id !== row.id && coupleKey(other) === key)
    return { row, others }
  }

  const recordsOf = async (sessionId: string): Promise<Records> => {
    let records: Records = {}
    // A write that changes nothing: it only reads the document, loading it first if nobody is in it.
    await registry.write(sessionId, (doc: BoardDoc) => {
      records = exportHuddleRecords(doc)
    })
    return records
  }

  const carry = async (from: string, to: string): Promise<number> => {
    const records = await recordsOf(from)
    if (Object.keys(records).length === 0) return 0
    let added = 0
    await registry.write(to, (doc: BoardDoc) => {
      added = importHuddleRecords(doc, records)
    })
    return added
  }

  return {
    /** A new session takes the huddle records of the couple's latest earlier session. */
    async intoNewSession(sessionId: string): Promise<void> {
      const couple = coupleSessions(sessionId)
      if (!couple) return
      const earlier = couple.others
        .filter((other) => other.createdAt <= couple.row.createdAt)
        .sort((a, b) => b.createdAt - a.createdAt)[0]
      if (earlier) await carry(earlier.id, sessionId)
    },
    /** A huddle was recorded in this session: sessions of the couple created after it get it too. */
    onward(sessionId: string): void {
      const couple = coupleSessions(sessionId)
      if (!couple) return
      const later = couple.others.filter((other) => other.createdAt >= couple.row.createdAt)
      for (const session of later) {
        carry(sessionId, session.id).catch((error: unknown) =>
          log.warn('huddle_history.carry_failed', { sessionId, to: session.id, error: errorMessage(error) }),
        )
      }
    },
  }
}

export type HuddleHistory = ReturnType<typeof createHuddleHistory>
