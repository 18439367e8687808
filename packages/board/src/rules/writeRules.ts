import type { PartnerRole } from '../records/goal.ts'

/**
 * Who may write which part of the session document: the table in ARCHITECTURE.md, next to the records
 * it protects. The server resolves every change an update makes to a path and asks `classifyWrite`;
 * `mayWrite` then decides for the sender's role. Paths the rules do not know are refused (null).
 */
export type BoardRole = 'therapist' | 'partnerA' | 'partnerB' | 'observer'

/**
 * 'shared': any writer (therapist and partners); 'therapist': the therapist alone; 'server': nobody
 * but the server itself (stamps, session status); `{ partner }`: that partner alone.
 */
export type WriteClass = 'shared' | 'therapist' | 'server' | { partner: PartnerRole }

/** A changed spot in the document: the root map, then the map keys below it, outermost first. */
export type WritePath = { root: string; keys: readonly (string | null)[] }

/** Root maps whose entries are records keyed by id; each record is a map of fields. */
export const RECORD_COLLECTIONS = ['goals', 'cards', 'steps', 'plans', 'canvas', 'proposals'] as const
/**
 * The collections whose records the server stamps with who created and last changed them. Not the
 * canvas: dragging a shape writes its position every frame, and each write would add a stamp write.
 * Its fields are value-checked instead (canvasRules.ts).
 */
export const STAMPED_COLLECTIONS = ['goals', 'cards', 'steps', 'plans', 'proposals'] as const
/** Root maps that are one record each; their entries are fields. */
export const SINGLETON_RECORDS = ['session', 'huddle', 'floor', 'reveal', 'grid'] as const

/** Written by the server from the connection's identity; a client never writes them. */
export const STAMP_KEYS = ['createdBy', 'updatedBy'] as const

/** Root maps whose entries are records keyed by id, written by the therapist alone: finished huddles. */
export const THERAPIST_COLLECTIONS = ['huddles'] as const

/**
 * Fields a partner owns inside any record (`consent.partnerA`, `score.partnerB`, `private.partnerA.x`,
 * a card's `rating.partnerB.effort`) and inside the huddle and the floor (`hand.partnerA`,
 * `reflect.partnerB`, `confirm.partnerA`, `checkIn.partnerB.needs`, `appreciation.partnerA`), and a proposal's `scored.partnerA.<criterionId>`.
 */
const partnerOwnedKey =
  /^(consent|score|scored|rating|private|hand|reflect|confirm|checkIn|appreciation)\.(partnerA|partnerB)(\..+)?$/

const therapistOwnedRoots = new Set(['huddle', 'floor', 'reveal', 'grid'])
/** Therapist-owned roots in which the partners still own their own keys; not `reveal`. */
const rootsWithPartnerKeys = new Set(['huddle', 'floor'])
const therapistCollections = new Set<string>(THERAPIST_COLLECTIONS)
const collections = new Set<string>(RECORD_COLLECTIONS)
const sessionFields: Record<string, WriteClass> = {
  title: 'therapist',
  partnerAName: 'therapist',
  partnerBName: 'therapist',
  // Ended or open: the server writes it when the therapist ends or reopens the session.
  status: 'server',
  // The video call's key generation: raised by the server when it makes a new key.
  callKeyIndex: 'server',
}
/** The decision grid's revealed scores: copied in by the server from the partners' private documents. */
const serverOwnedGridFields = new Set(['revealed', 'revealedAt'])

const isStampKey = (key: string) => (STAMP_KEYS as readonly string[]).includes(key)

function partnerOwner(key: string): WriteClass | null {
  const owned = partnerOwnedKey.exec(key)
  return owned ? { partner: owned[2] as PartnerRole } : null
}

function fieldClass(key: string): WriteClass {
  if (isStampKey(key)) return 'server'
  return partnerOwner(key) ?? 'shared'
}

export function classifyWrite({ root, keys }: WritePath): WriteClass | null {
  const [first, second] = keys
  if (first === null || first === undefined) return null
  if (root === 'meta') return 'server'
  if (therapistCollections.has(root)) {
    if (keys.length === 1) return 'therapist'
    if (second === null || second === undefined) return null
    return isStampKey(second) ? 'server' : 'therapist'
  }
  if (collections.has(root)) {
    // Adding or removing a whole record is a shared act; its fields are judged one by one.
    if (keys.length === 1) return 'shared'
    if (second === null || second === undefined) return null
    return fieldClass(second)
  }
  if (isStampKey(first)) return 'server'
  if (root === 'grid' && serverOwnedGridFields.has(first)) return 'server'
  // A partner's own keys first: inside the huddle and the floor they are the partner's, not the therapist's.
  if (rootsWithPartnerKeys.has(root)) {
    const owner = partnerOwner(first)
    if (owner) return owner
  }
  if (therapistOwnedRoots.has(root)) return 'therapist'
  if (root === 'session') return sessionFields[first] ?? null
  return null
}

export type WriteContext = { role: BoardRole; sessionEnded: boolean }

export function mayWrite(writeClass: WriteClass, { role, sessionEnded }: WriteContext): boolean {
  if (role === 'observer') return false
  if (writeClass === 'server') return false
  if (role === 'therapist') return writeClass === 'shared' || writeClass === 'therapist'
  // Partners from here on. An ended session is read-only for them until the therapist reopens it.
  if (sessionEnded) return false
  if (writeClass === 'shared') return true
  if (writeClass === 'therapist') return false
  return writeClass.partner === role
}

/** A short, content-free name for a refused write, for the refusal message and the audit trail. */
export function describeWriteClass(writeClass: WriteClass | null): string {
  if (writeClass === null) return 'unknown'
  return typeof writeClass === 'string' ? writeClass : `own:${writeClass.partner}`
}
