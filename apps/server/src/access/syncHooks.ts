import type { Author, BoardRole, WriteClass } from '@session-board/board'
import {
  BOARD_RECORDS,
  SCORES_ROOT,
  checkScoreWrite,
  checkWrite,
  classifyWrite,
  describeWriteClass,
  mayWrite,
  recordFor,
  stampRecord,
  writableBetweenSessions,
} from '@session-board/board'
import { SYNC_CLOSE } from '@session-board/protocol'
import type { Change } from '../sync/changes.ts'
import { errorMessage } from '../log.ts'
import { changesOf } from '../sync/changes.ts'
import type { Authorization, Identity, ServerWrite, SyncHooks, UpdateContext } from '../sync/hooks.ts'
import type { Access } from './context.ts'
import { createDoor } from './door.ts'
import { DocumentQuota } from './quota.ts'
import { createPresenceRules } from './presenceRules.ts'
import { UnknownSessionGuard } from './unknownSessions.ts'

/** Why a write was refused: a stable code for the client and a sentence for the person. */
const refusals = {
  read_only: 'Observers can follow the board but not change it.',
  session_ended:
    'Between sessions you can give your consent and update your stepping stones; the rest waits for a live session.',
  therapist_only: 'Only the therapist can change the huddle, the floor and what is revealed.',
  not_yours: 'Each partner’s consent and private entries can be changed only by that partner.',
  server_only: 'Who wrote what is recorded by the server and cannot be changed.',
  notes_forbidden: 'The notes are the therapist’s alone.',
  unclassified: 'That change could not be checked, so it was refused.',
  board_full:
    'This board holds as much as a board may, so that change was refused. Removing something makes room.',
  invalid_value:
    'That change does not fit the board (a wrong kind of value, or too long), so it was refused.',
  scores_forbidden: 'Each partner’s grid scores can be changed only by that partner.',
  invalid_score: 'A grid score is a whole number from 0 to 10, so that change was refused.',
  foreign_client: 'That change was sent under another person’s name, so it was refused.',
  clock_gap: 'That change skipped part of its own history, so it was refused; the board reloads.',
} as const
type RefusalCode = keyof typeof refusals

function refusalFor(writeClass: WriteClass | null, role: BoardRole, sessionEnded: boolean): RefusalCode {
  if (writeClass === null) return 'unclassified'
  if (role === 'observer') return 'read_only'
  if (writeClass === 'server') return 'server_only'
  if (role !== 'therapist' && sessionEnded) return 'session_ended'
  if (writeClass === 'therapist') return 'therapist_only'
  return 'not_yours'
}

/**
 * Removing a whole record also deletes every field inside it, the server's stamps and each partner's
 * consent included. That is one shared act, judged once at the record; the fields it takes with it are
 * not judged again. Fields written (inserted) in the same update are still judged one by one.
 */
function judgedChanges(changes: readonly Change[]): Change[] {
  const removed = new Set<string>()
  for (const { path, kind } of changes) {
    if (kind === 'delete' && path.keys.length === 1 && isCollection(path.root)) {
      removed.add(`${path.root}\u0000${path.keys[0]}`)
    }
  }
  if (removed.size === 0) return [...changes]
  return changes.filter(
    ({ path, kind }) =>
      !(kind === 'delete' && path.keys.length > 1 && removed.has(`${path.root}\u0000${path.keys[0]}`)),
  )
}

function isCollection(root: string): boolean {
  return recordFor(root)?.shape === 'collection'
}

/** Every root of the board: what each insert writes there is read, so its value can be checked. */
const BOARD_ROOTS = BOARD_RECORDS.map((record) => record.root)

/**
 * What is wrong with a change to a partner's scores document, or null: one map `scores`, keyed
 * `${proposalId}/${criterionId}`, holding whole numbers 0..10 and nothing nested.
 */
function scoreProblem({ path, kind, content }: Change): string | null {
  if (path.keys.length > 1) return 'nested_type'
  const key = path.keys[0] ?? null
  if (kind === 'delete' || content?.kind === 'deleted')
    return checkScoreWrite(path.root, key, { kind: 'delete' })
  if (content?.kind === 'plain') return checkScoreWrite(path.root, key, content)
  return checkScoreWrite(path.root, key, { kind: 'other' })
}

/** The records an accepted update touched, and whether it created them: what the server stamps. */
function stampsFor(changes: readonly Change[], author: Author): ServerWrite | null {
  const touched = new Map<string, { root: string; recordId: string | null; created: boolean }>()
  for (const { path, kind } of changes) {
    const recordId = path.keys[0] ?? null
    let target: { root: string; recordId: string | null; created: boolean } | null = null
    const record = recordFor(path.root)
    if (!record?.stamped) continue
    if (record.shape === 'collection' && recordId !== null) {
      const wholeRecord = path.keys.length === 1
      // Removing a whole record leaves nothing to stamp; replacing it shows up as an insert too.
      if (wholeRecord && kind === 'delete') continue
      target = { root: path.root, recordId, created: wholeRecord }
    } else if (record.shape === 'singleton') {
      target = { root: path.root, recordId: null, created: false }
    }
    if (!target) continue
    const key = `${target.root}\u0000${target.recordId ?? ''}`
    const seen = touched.get(key)
    touched.set(key, { ...target, created: target.created || (seen?.created ?? false) })
  }
  if (touched.size === 0) return null
  return (doc) => {
    for (const target of touched.values()) stampRecord(doc, target, author, target.created)
  }
}

/** The production hooks: the door (authenticate) and the role write rules (authorizeUpdate). */
export function createSyncHooks(access: Access): SyncHooks {
  const { audit, sessions, accounts, log, call } = access
  const quota = new DocumentQuota(access.config.documentQuotaBytes)

  const refuse = (context: UpdateContext, code: RefusalCode, detail: string): Authorization => {
    const { identity } = context
    audit.record({
      action: 'update_refused',
      sessionId: context.sessionId,
      actorRole: identity.kind === 'person' ? identity.role : null,
      actorId: identity.kind === 'person' ? identity.personId : null,
      detail: `${code}:${detail}`,
    })
    return { ok: false, code: SYNC_CLOSE.refused.code, reason: refusals[code], rule: code }
  }

  /** The last check of an update that passed all the others: the document's size quota. */
  const withinQuota = (context: UpdateContext, update: Uint8Array, accepted: Authorization): Authorization =>
    quota.admits(context.doc, context.pending, update)
      ? accepted
      : refuse(context, 'board_full', `${context.target}:quota`)

  /** A partner's own scores: the door let only that partner in; the values are still checked. */
  const authorizeScores = (context: UpdateContext, update: Uint8Array): Authorization => {
    const { identity } = context
    if (identity.kind !== 'person') return refuse(context, 'unclassified', 'anonymous')
    if (identity.role !== 'partnerA' && identity.role !== 'partnerB')
      return refuse(context, 'scores_forbidden', 'scores')
    if (!sessions.isLive(context.sessionId)) return refuse(context, 'session_ended', 'scores')
    const report = changesOf(context.doc, context.pending, update, { contentUnder: [SCORES_ROOT] })
    if (!report.ok) return refuse(context, 'unclassified', report.problem)
    for (const change of report.changes) {
      const problem = scoreProblem(change)
      if (problem !== null) return refuse(context, 'invalid_score', `${SCORES_ROOT}:${problem}`)
    }
    return withinQuota(context, update, { ok: true, afterStored: null })
  }

  const authorizeUpdate = (context: UpdateContext, update: Uint8Array): Authorization => {
    const { identity } = context
    if (identity.kind !== 'person') return refuse(context, 'unclassified', 'anonymous')
    // Board, notes and scores alike: the update's Yjs client ids must be this person's, with no gap.
    const authorship = context.authorship.check(identity.personId, update)
    if (!authorship.ok) return refuse(context, authorship.problem, authorship.detail)
    if (context.target === 'notes') {
      return identity.role === 'therapist'
        ? withinQuota(context, update, { ok: true, afterStored: null })
        : refuse(context, 'notes_forbidden', 'notes')
    }
    if (context.target === 'scores') return authorizeScores(context, update)
    const report = changesOf(context.doc, context.pending, update, { contentUnder: BOARD_ROOTS })
    if (!report.ok) {
      // Should not happen with an honest client: say exactly where, so it can be traced.
      log.warn('sync.unresolved_update', {
        sessionId: context.sessionId,
        problem: report.problem,
        ...report.at,
      })
      return refuse(context, 'unclassified', report.problem)
    }
    if (report.changes.length === 0) return { ok: true, afterStored: null }

    const role = identity.role
    // Only a partner's writes depend on it: outside a live session (the plan between sessions, an ended
    // or not yet started session's board) they may change only what is theirs to update then.
    const sessionEnded =
      role === 'partnerA' || role === 'partnerB' ? !sessions.isLive(context.sessionId) : false
    const judged = judgedChanges(report.changes)
    for (const change of judged) {
      const writeClass = classifyWrite(change.path)
      // A field the board's records do not have, in a record it does have: say so plainly.
      if (writeClass === null && role !== 'observer' && recordFor(change.path.root)) {
        const problem = checkWrite(change.path, change.kind, change.content) ?? 'unknown_field'
        return refuse(context, 'invalid_value', `${change.path.root}:${problem}`)
      }
      const between = sessionEnded && writableBetweenSessions(change.path)
      if (writeClass === null || !mayWrite(writeClass, { role, sessionEnded, between })) {
        return refuse(
          context,
          refusalFor(writeClass, role, sessionEnded),
          `${change.path.root}:${describeWriteClass(writeClass)}`,
        )
      }
    }
    // Only once the role may write at all: an observer hears that they are read-only, not why a value was off.
    for (const { path, kind, content } of judged) {
      const problem = checkWrite(path, kind, content)
      if (problem !== null) return refuse(context, 'invalid_value', `${path.root}:${problem}`)
    }
    if (identity.loginId !== null) {
      const login = accounts.loginById(identity.loginId)
      if (login) accounts.touch(login)
    }
    const stamps = stampsFor(report.changes, { id: identity.personId, role })
    // Who holds the floor, or the listener-muting setting, changed in a live session: the call follows.
    const movesFloor =
      call.available &&
      report.changes.some(
        ({ path }) => path.root === 'floor' && (path.keys[0] === 'holder' || path.keys[0] === 'muteListener'),
      ) &&
      sessions.isLive(context.sessionId)
    const afterStored: ServerWrite | null = movesFloor
      ? (doc) => {
          stamps?.(doc)
          setImmediate(() => void call.floorChanged(context.sessionId))
        }
      : stamps
    return withinQuota(context, update, { ok: true, afterStored })
  }

  const presenceEvent =
    (action: 'join' | 'leave') => (identity: Identity, sessionId: string, target: string) => {
      if (identity.kind !== 'person') return
      audit.record({
        action,
        sessionId,
        actorRole: identity.role,
        actorId: identity.personId,
        detail: target,
      })
      log.info(`sync.${action}`, { sessionId, role: identity.role, target })
      // The therapist opening a live session's board opens its call: its room exists from now on (the
      // couple's page, a planned session's board and an ended one open none).
      if (
        action === 'join' &&
        identity.role === 'therapist' &&
        target === 'board' &&
        call.available &&
        sessions.isLive(sessionId)
      ) {
        call
          .openRoom(sessionId)
          .catch((error: unknown) => log.warn('call.open_failed', { sessionId, error: errorMessage(error) }))
      }
    }

  // The door counts refusals for sessions that do not exist; the throttle turns a flood away before it.
  const unknownSessions = new UnknownSessionGuard({
    limits: access.config.unknownSessions,
    trustProxy: access.config.trustProxy,
    log,
    now: access.now,
  })
  return {
    throttle: (request) => unknownSessions.retryAfterMs(request),
    authenticate: createDoor(access, unknownSessions),
    authorizeUpdate,
    ...createPresenceRules(access),
    onJoin: presenceEvent('join'),
    onLeave: presenceEvent('leave'),
  }
}
