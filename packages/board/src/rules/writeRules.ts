import * as Y from 'yjs'
import type { BoardDoc } from '../doc.ts'
import type { PartnerRole } from '../records/goal.ts'
import type { FieldRule, RecordDescriptor } from '../schema/descriptor.ts'
import { checkValue } from '../schema/fields.ts'
import { BOARD_RECORDS, fieldRuleFor, recordFor } from '../schema/registry.ts'
import type { Author } from './stamps.ts'

/**
 * Who may write which part of the session document, and what it may hold: the table in
 * ARCHITECTURE.md, read from the record descriptors. The server resolves every change an update makes
 * to a path and asks `classifyWrite`; `mayWrite` then decides for the sender's role, and `checkWrite`
 * whether the value fits. Paths the registry does not know are refused (null).
 */
export type BoardRole = 'therapist' | 'partnerA' | 'partnerB' | 'observer'

/**
 * 'shared': any writer (therapist and partners); 'therapist': the therapist alone; 'server': nobody
 * but the server itself (stamps, session status); `{ partner }`: that partner alone.
 */
export type WriteClass = 'shared' | 'therapist' | 'server' | { partner: PartnerRole }

/** A changed spot in the document: the root map, then the map keys below it, outermost first. */
export type WritePath = { root: string; keys: readonly (string | null)[] }

/**
 * What an update writes at a map key, read from the decoded item without applying it: a plain value,
 * a nested Y.Map or another nested Y type (their own entries arrive as further changes), content
 * deleted within the update itself (it writes nothing), or anything else (binary, a subdocument).
 */
export type WrittenContent =
  | { kind: 'plain'; value: unknown }
  | { kind: 'map' }
  | { kind: 'type' }
  | { kind: 'deleted' }
  | { kind: 'opaque' }

function classOf(rule: FieldRule | undefined, key: string): WriteClass | null {
  if (!rule) return null
  if (rule.writer !== 'partner') return rule.writer
  const partner = rule.key instanceof RegExp ? rule.key.exec(key)?.groups?.partner : undefined
  return partner === 'partnerA' || partner === 'partnerB' ? { partner } : null
}

/** The record's descriptor and the field key a path writes (null: the whole record of a collection). */
function locate({ root, keys }: WritePath): { record: RecordDescriptor; key: string | null } | null {
  const record = recordFor(root)
  const [first, second] = keys
  if (!record || first === null || first === undefined) return null
  if (record.shape === 'singleton') return { record, key: first }
  if (keys.length === 1) return { record, key: null }
  return second === null || second === undefined ? null : { record, key: second }
}

export function classifyWrite(path: WritePath): WriteClass | null {
  const spot = locate(path)
  if (!spot) return null
  // Adding or removing a whole record of a collection; its fields are judged one by one.
  if (spot.key === null) return spot.record.writer
  return classOf(fieldRuleFor(spot.record, spot.key), spot.key)
}

/**
 * `sessionEnded`: the partner is not in a live session (between sessions, or on the board of a session
 * that ended or has not started); `between`: the field is one a partner may still change then (see
 * `writableBetweenSessions`).
 */
export type WriteContext = { role: BoardRole; sessionEnded: boolean; between?: boolean }

export function mayWrite(
  writeClass: WriteClass,
  { role, sessionEnded, between = false }: WriteContext,
): boolean {
  if (role === 'observer') return false
  if (writeClass === 'server') return false
  if (role === 'therapist') return writeClass === 'shared' || writeClass === 'therapist'
  // Partners from here on. Outside a live session they change only what is theirs to update then.
  if (sessionEnded && !between) return false
  if (writeClass === 'shared') return true
  if (writeClass === 'therapist') return false
  return writeClass.partner === role
}

/**
 * Whether a partner may write here between sessions: only fields flagged so (their consent, a stepping
 * stone's progress). Whole records are never added or removed between sessions.
 */
export function writableBetweenSessions(path: WritePath): boolean {
  const spot = locate(path)
  if (!spot || spot.key === null) return false
  return fieldRuleFor(spot.record, spot.key)?.between ?? false
}

/** A short, content-free name for a refused write, for the refusal message and the audit trail. */
export function describeWriteClass(writeClass: WriteClass | null): string {
  if (writeClass === null) return 'unknown'
  return typeof writeClass === 'string' ? writeClass : `own:${writeClass.partner}`
}

/**
 * Whether what a classified change writes fits its record: null, or a short content-free problem. A
 * collection's record is a map; a field holds a plain value that passes the field's check, never a
 * nested type. Removing a record or a field needs no value check: what goes was checked when written.
 */
export function checkWrite(
  path: WritePath,
  kind: 'insert' | 'delete',
  content: WrittenContent | undefined,
): string | null {
  const spot = locate(path)
  if (!spot) return 'unknown_field'
  const { record, key } = spot
  const recordId = record.shape === 'collection' ? (path.keys[0] as string) : ''
  if (record.shape === 'collection' && !record.idPattern.test(recordId)) return 'bad_record_id'
  if (kind === 'delete') return null
  if (key === null) return content?.kind === 'map' || content?.kind === 'deleted' ? null : 'not_a_record'
  const depth = record.shape === 'collection' ? 2 : 1
  if (path.keys.length > depth) return 'nested_type'
  const rule = fieldRuleFor(record, key)
  if (!rule) return 'unknown_field'
  switch (content?.kind) {
    case 'plain':
      return checkValue(rule.value, content.value, recordId)
    case 'deleted':
      return null
    case 'map':
    case 'type':
      return 'nested_type'
    default:
      return 'not_plain_json'
  }
}

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
  const descriptor = recordFor(target.root)
  if (!descriptor?.stamped) return
  let record: Y.Map<unknown> | undefined
  if (descriptor.shape === 'singleton') record = doc.getMap(target.root)
  else if (target.recordId !== null) {
    const value = doc.getMap(target.root).get(target.recordId)
    record = value instanceof Y.Map ? (value as Y.Map<unknown>) : undefined
  }
  if (!record) return
  if (created && descriptor.shape === 'collection' && !record.has('createdBy'))
    record.set('createdBy', { ...author })
  if (!sameAuthor(record.get('updatedBy'), author)) record.set('updatedBy', { ...author })
}

/** The roots a person's undo follows. */
export function undoRoots(): string[] {
  return BOARD_RECORDS.filter((record) => record.undo).map((record) => record.root)
}
