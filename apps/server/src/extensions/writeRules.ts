import type { BoardRole, WriteClass } from '@session-board/board'
import {
  checkWrite,
  classifyWrite,
  describeWriteClass,
  mayWrite,
  recordFor,
  writableBetweenSessions,
} from '@session-board/board'
import type { LiveSessions } from '../access/liveSessions.ts'
import type { Logger } from '../log.ts'
import type { SyncExtension, UpdateRefusal } from '../sync/extension.ts'
import { judgedChanges } from './judged.ts'
import type { RefusalCode } from './refusals.ts'
import { refusal } from './refusals.ts'

function refusalFor(writeClass: WriteClass | null, role: BoardRole, sessionEnded: boolean): RefusalCode {
  if (writeClass === null) return 'unclassified'
  if (role === 'observer') return 'read_only'
  if (writeClass === 'server') return 'server_only'
  if (role !== 'therapist' && sessionEnded) return 'session_ended'
  if (writeClass === 'therapist') return 'therapist_only'
  return 'not_yours'
}

/**
 * Who may change what (ARCHITECTURE.md's role write rules): the notes are the therapist's, a partner's
 * scores are that partner's during a live session, and on the board each field's write class decides
 * by role and by whether the session is live. Liveness is read from memory, so an edit costs no query.
 */
export function writeRules(options: { liveSessions: LiveSessions; log: Logger }): SyncExtension {
  const { liveSessions, log } = options
  return {
    name: 'writeRules',
    checkUpdate({ who, changes }): UpdateRefusal | null {
      const { identity, sessionId, target } = who
      if (identity.kind !== 'person') return refusal('unclassified', 'anonymous')
      const role = identity.role
      if (target === 'notes') return role === 'therapist' ? null : refusal('notes_forbidden', 'notes')
      const partner = role === 'partnerA' || role === 'partnerB'
      if (target === 'scores') {
        if (!partner) return refusal('scores_forbidden', 'scores')
        return liveSessions.isLive(sessionId) ? null : refusal('session_ended', 'scores')
      }

      const report = changes()
      if (!report.ok) {
        // Should not happen with an honest client: say exactly where, so it can be traced.
        log.warn('sync.unresolved_update', { sessionId, problem: report.problem, ...report.at })
        return refusal('unclassified', report.problem)
      }
      if (report.changes.length === 0) return null
      // Only a partner's writes depend on it: outside a live session (the plan between sessions, an
      // ended or not yet started session's board) they may change only what is theirs to update then.
      const sessionEnded = partner ? !liveSessions.isLive(sessionId) : false
      for (const change of judgedChanges(report.changes)) {
        const writeClass = classifyWrite(change.path)
        // A field the board's records do not have, in a record it does have: say so plainly.
        if (writeClass === null && role !== 'observer' && recordFor(change.path.root)) {
          const problem = checkWrite(change.path, change.kind, change.content) ?? 'unknown_field'
          return refusal('invalid_value', `${change.path.root}:${problem}`)
        }
        const between = sessionEnded && writableBetweenSessions(change.path)
        if (writeClass === null || !mayWrite(writeClass, { role, sessionEnded, between })) {
          return refusal(
            refusalFor(writeClass, role, sessionEnded),
            `${change.path.root}:${describeWriteClass(writeClass)}`,
          )
        }
      }
      return null
    },
  }
}
