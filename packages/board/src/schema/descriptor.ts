import type { BoardDoc } from '../doc.ts'
import type { FieldSpec } from './fields.ts'
import { author } from './fields.ts'

/**
 * Who may write a field: any writer (the therapist and both partners), the therapist alone, the server
 * alone (stamps, status), or the partner the key names (`consent.partnerA` is partner A's).
 */
export type FieldWriter = 'shared' | 'therapist' | 'server' | 'partner'

export interface FieldRule {
  /**
   * The field's key, or a pattern for a family of keys (`turn.<since>`). A partner's own keys are a
   * pattern with a group named `partner` that captures `partnerA` or `partnerB`.
   */
  key: string | RegExp
  value: FieldSpec
  writer: FieldWriter
  /**
   * A partner may change it between sessions too (their consent, a stepping stone's progress); every
   * other field of the board waits for a live session.
   */
  between: boolean
}

/** Takes a document to the board schema version `to`; runs once, when a document older than it loads. */
export interface Migration {
  to: number
  up: (doc: BoardDoc) => void
}

/** Named selectors whose results make up the board's snapshot (`selectBoard`). */
export type Selectors = Readonly<Record<string, (doc: BoardDoc) => unknown>>

/**
 * A kind of record, described once: where it lives, whether it is one record or a collection of maps,
 * who writes what, what each field may hold, whether undo follows it, what it adds to the snapshot, and
 * its migrations. Everything that must know about records reads these through the registry.
 */
export interface RecordDescriptor<S extends Selectors = Selectors> {
  /** The root map of the document. */
  root: string
  /** A collection holds records keyed by id, each a map of fields; a singleton is one map of fields. */
  shape: 'collection' | 'singleton'
  /** Collections: the ids a record may have. */
  idPattern: RegExp
  /** Collections: who adds and removes whole records. */
  writer: 'shared' | 'therapist' | 'server'
  /** The server stamps who created (collections) and last changed each record. */
  stamped: boolean
  /** A person's undo covers their changes here. */
  undo: boolean
  fields: readonly FieldRule[]
  snapshot: S
  migrations: readonly Migration[]
}

/** Written by the server from the connection's identity; a client never writes them. */
export const STAMP_KEYS = ['createdBy', 'updatedBy'] as const

type DescriptorInput<S extends Selectors> = Omit<
  RecordDescriptor<S>,
  'idPattern' | 'writer' | 'snapshot' | 'migrations' | 'undo'
> &
  Partial<Pick<RecordDescriptor<S>, 'idPattern' | 'writer' | 'undo' | 'migrations'>> & { snapshot?: S }

/** A descriptor with its defaults, and the stamp fields added where the server stamps. */
export function defineRecord<const S extends Selectors = Record<never, never>>(
  input: DescriptorInput<S>,
): RecordDescriptor<S> {
  const stamps: FieldRule[] = input.stamped
    ? STAMP_KEYS.map((key) => ({ key, value: author, writer: 'server' as const, between: false }))
    : []
  return {
    idPattern: /^[A-Za-z0-9_-]{1,64}$/,
    writer: 'shared',
    undo: false,
    migrations: [],
    ...input,
    snapshot: input.snapshot ?? ({} as S),
    fields: [...input.fields, ...stamps],
  }
}

/** Fields that each partner owns: `<prefix>.partnerA<rest>` and `<prefix>.partnerB<rest>`. */
export function partnerKey(prefix: string, rest = ''): RegExp {
  return new RegExp(`^${prefix}\\.(?<partner>partnerA|partnerB)${rest}$`)
}

/** A field rule shorthand: `field('title', text(300))` is a shared field. */
export function field(
  key: string | RegExp,
  value: FieldSpec,
  writer: FieldWriter = 'shared',
  options: { between?: boolean } = {},
): FieldRule {
  return { key, value, writer, between: options.between ?? false }
}
