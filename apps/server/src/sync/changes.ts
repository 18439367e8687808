import type { WritePath } from '@session-board/board'
import * as Y from 'yjs'
import { decodedUpdate } from './decodedUpdate.ts'

/**
 * One spot an update changes: an item it inserts or one it deletes, with its place in the document. An
 * insert under a map key of a root named in `contentUnder` also says what it writes there.
 */
export type Change = { path: WritePath; kind: 'insert' | 'delete'; content?: InsertedContent }

/**
 * What a map-key insert writes, read from the decoded item without applying it: a plain value (what
 * the map will read back), a nested Y.Map or another nested Y type (their own entries arrive as further
 * changes), content deleted within the update itself (it writes nothing), or anything else (binary, a
 * subdocument, an embed).
 */
export type InsertedContent =
  | { kind: 'plain'; value: unknown }
  | { kind: 'map' }
  | { kind: 'type' }
  | { kind: 'deleted' }
  | { kind: 'opaque' }

export type ChangeOptions = {
  /**
   * Roots whose map-key inserts carry their content (all of them by default); others leave it out, so
   * nothing is held for them.
   */
  contentUnder?: readonly string[]
}

/** Where resolution stopped: structural ids only (never content), for the refusal's log line. */
export type UnresolvedAt = { client: number; clock: number; serverState: number }

export type ChangeReport =
  | { ok: true; changes: Change[] }
  | { ok: false; problem: 'unresolved_parent' | 'unknown_deletion'; at: UnresolvedAt }

type Struct = Y.Item | Y.GC
type Resolved = WritePath | 'gone' | 'unknown'

/** The deepest nesting of types followed; the board nests two levels, so this only stops crafted chains. */
const MAX_DEPTH = 32

/**
 * Works out, without applying it, what an update would change in `doc`: every item it inserts and
 * every live item it deletes, each resolved to its path (root map name, then the map keys below it).
 *
 * A decoded item names its parent only when it has no neighbours; otherwise it inherits the parent of
 * its origin (left) or right origin, which is in the server's document (every accepted update is
 * applied to it at once) or earlier in this same update. Anything that is already in the document
 * (a client's sync step 2 resends it all, with its whole delete set) changes nothing and is skipped.
 * What cannot be resolved is reported, and the caller refuses the update: fail closed.
 */
export function changesOf(doc: Y.Doc, update: Uint8Array, options: ChangeOptions = {}): ChangeReport {
  const contentUnder = options.contentUnder ? new Set(options.contentUnder) : null
  const { structs, ds } = decodedUpdate(update)
  const foreign = new ForeignStructs()
  foreign.add(structs)
  const resolver = new PathResolver(doc, foreign)
  const changes: Change[] = []
  const unresolved = (problem: 'unresolved_parent' | 'unknown_deletion', id: Y.ID): ChangeReport => ({
    ok: false,
    problem,
    at: {
      client: id.client,
      clock: id.clock,
      serverState: Y.getState(doc.store, id.client),
    },
  })

  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue
    if (struct.id.clock + struct.length <= Y.getState(doc.store, struct.id.client)) continue
    const path = resolver.decodedItemPath(struct, 0)
    if (path === 'unknown')
      return unresolved('unresolved_parent', struct.origin ?? struct.rightOrigin ?? struct.id)
    if (path === 'gone') continue
    const mapKeyInsert = (contentUnder?.has(path.root) ?? true) && path.keys.at(-1) !== null
    changes.push(
      mapKeyInsert ? { path, kind: 'insert', content: contentOf(struct) } : { path, kind: 'insert' },
    )
  }

  for (const [client, ranges] of ds.clients) {
    const known = doc.store.clients.get(client) ?? []
    const knownEnd = Y.getState(doc.store, client)
    for (const { clock, len } of ranges) {
      const end = clock + len
      let at = clock
      if (at < knownEnd) {
        for (let i = Y.findIndexSS(known, at); i < known.length; i++) {
          const struct = known[i] as Struct
          if (struct.id.clock >= end) break
          if (!(struct instanceof Y.Item) || struct.deleted) continue
          const path = resolver.serverItemPath(struct, 0)
          if (path === 'unknown') return unresolved('unresolved_parent', struct.id)
          if (path !== 'gone') changes.push({ path, kind: 'delete' })
        }
        at = Math.min(end, knownEnd)
      }
      while (at < end) {
        const struct = foreign.find(client, at)
        if (!struct) return unresolved('unknown_deletion', Y.createID(client, at))
        if (struct instanceof Y.Item) {
          const path = resolver.decodedItemPath(struct, 0)
          if (path === 'unknown') return unresolved('unresolved_parent', struct.id)
          if (path !== 'gone') changes.push({ path, kind: 'delete' })
        }
        at = struct.id.clock + struct.length
      }
    }
  }
  return { ok: true, changes }
}

/** What a decoded item holds, as a map entry: Y.Map reads the last element of its content. */
function contentOf(item: Y.Item): InsertedContent {
  const content = item.content
  if (
    content instanceof Y.ContentAny ||
    content instanceof Y.ContentJSON ||
    content instanceof Y.ContentString
  ) {
    const values = content.getContent()
    return { kind: 'plain', value: values[values.length - 1] }
  }
  if (content instanceof Y.ContentType)
    return content.type instanceof Y.Map ? { kind: 'map' } : { kind: 'type' }
  if (content instanceof Y.ContentDeleted) return { kind: 'deleted' }
  return { kind: 'opaque' }
}

/** Structs from updates not in the document yet, found by id. */
class ForeignStructs {
  #byClient = new Map<number, Struct[]>()
  /** Clients whose list is not in clock order (or holds a struct inside another) since last tidied. */
  #untidy = new Set<number>()
  #size = 0

  /** How many structs are held: no honest chain of neighbours is longer. */
  get size(): number {
    return this.#size
  }

  add(structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>): void {
    for (const struct of structs) {
      if (struct instanceof Y.Skip) continue
      const { client, clock } = struct.id
      const list = this.#byClient.get(client) ?? []
      const last = list.at(-1)
      if (last && (last.id.clock >= clock || endOf(last) >= endOf(struct))) this.#untidy.add(client)
      list.push(struct)
      this.#byClient.set(client, list)
      this.#size++
    }
  }

  /**
   * The struct that holds `clock` of `client`: a binary search by clock. An update with thousands of
   * keys looks up a neighbour for each, so a scan per lookup would be quadratic in the update's size
   * (one crafted frame of 20,000 keys held the event loop for seconds).
   */
  find(client: number, clock: number): Struct | null {
    const list = this.#tidy(client)
    if (!list || list.length === 0) return null
    let low = 0
    let high = list.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if ((list[middle] as Struct).id.clock <= clock) low = middle
      else high = middle - 1
    }
    const candidate = list[low] as Struct
    return candidate.id.clock <= clock && clock < endOf(candidate) ? candidate : null
  }

  /**
   * The client's structs by clock, each ending after the one before: a struct held twice (a crafted
   * update may repeat one) or inside another is dropped, so the last struct
   * that starts at or before a clock is the only one that can hold it.
   */
  #tidy(client: number): Struct[] | undefined {
    const list = this.#byClient.get(client)
    if (!list || !this.#untidy.delete(client)) return list
    list.sort((a, b) => a.id.clock - b.id.clock || endOf(b) - endOf(a))
    let end = -1
    const tidy = list.filter((struct) => {
      if (endOf(struct) <= end) return false
      end = endOf(struct)
      return true
    })
    this.#byClient.set(client, tidy)
    return tidy
  }
}

const endOf = (struct: Struct) => struct.id.clock + struct.length

class PathResolver {
  #doc: Y.Doc
  #foreign: ForeignStructs

  constructor(doc: Y.Doc, foreign: ForeignStructs) {
    this.#doc = doc
    this.#foreign = foreign
  }

  /** The path of an item integrated in the server's document. */
  serverItemPath(item: Y.Item, depth: number): Resolved {
    if (depth > MAX_DEPTH) return 'unknown'
    const parent = item.parent
    if (!(parent instanceof Y.AbstractType)) return 'unknown'
    const base = this.#typePath(parent, depth)
    return typeof base === 'string' ? base : { root: base.root, keys: [...base.keys, item.parentSub] }
  }

  /**
   * The path of an item decoded from an update (not integrated, so its parent may be implicit). An item
   * with no parent written sits beside a neighbour with the same parent and key; that neighbour may be
   * earlier in the same update, so the walk goes from neighbour to neighbour (one field overwritten
   * many times in one update makes a long chain) and counts no nesting for it. A chain longer than all
   * the structs at hand is a cycle, which only a crafted update makes.
   */
  decodedItemPath(item: Y.Item, depth: number): Resolved {
    if (depth > MAX_DEPTH) return 'unknown'
    let current = item
    for (let hops = 0; hops <= this.#foreign.size; hops++) {
      const parent: unknown = current.parent
      if (typeof parent === 'string') return { root: parent, keys: [current.parentSub] }
      if (parent instanceof Y.ID) return this.#underParent(parent, current.parentSub, depth)
      const neighbourId = current.origin ?? current.rightOrigin
      if (!neighbourId) return 'unknown'
      const neighbour = this.#locate(neighbourId)
      if (!neighbour) return 'unknown'
      // Yjs integrates an item next to garbage-collected content as garbage: it changes nothing.
      if (!(neighbour.struct instanceof Y.Item)) return 'gone'
      if (neighbour.inDoc) return this.serverItemPath(neighbour.struct, depth)
      current = neighbour.struct
    }
    return 'unknown'
  }

  /** The path of an entry `key` inside the type that the item `parentId` holds. */
  #underParent(parentId: Y.ID, key: string | null, depth: number): Resolved {
    const holder = this.#locate(parentId)
    if (!holder) return 'unknown'
    if (!(holder.struct instanceof Y.Item)) return 'gone'
    if (holder.struct.content instanceof Y.ContentDeleted) return 'gone'
    if (!(holder.struct.content instanceof Y.ContentType)) return 'unknown'
    const base = holder.inDoc
      ? this.serverItemPath(holder.struct, depth + 1)
      : this.decodedItemPath(holder.struct, depth + 1)
    return typeof base === 'string' ? base : { root: base.root, keys: [...base.keys, key] }
  }

  #typePath(type: Y.AbstractType<unknown>, depth: number): Resolved {
    const holder = type._item
    if (holder === null) {
      const root = findRootKey(type)
      return root === null ? 'unknown' : { root, keys: [] }
    }
    return this.serverItemPath(holder, depth + 1)
  }

  #locate(id: Y.ID): { struct: Struct; inDoc: boolean } | null {
    if (id.clock < Y.getState(this.#doc.store, id.client)) {
      const struct = Y.getItem(this.#doc.store, id) as Struct
      return { struct, inDoc: true }
    }
    const struct = this.#foreign.find(id.client, id.clock)
    return struct ? { struct, inDoc: false } : null
  }
}

function findRootKey(type: Y.AbstractType<unknown>): string | null {
  try {
    return Y.findRootTypeKey(type) ?? null
  } catch {
    return null
  }
}
