import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import type { Logger } from '../log.ts'
import type { ClientOwner } from '../store/types.ts'
import { decodedUpdate } from './decodedUpdate.ts'

/**
 * The owner recorded for the server's own writes. The ':' keeps it apart from any person id the hooks
 * pass in, and `check` refuses it as a sender anyway.
 */
export const SERVER_OWNER = ':server'

/** Who writes as an anonymous peer (the open rooms of the core's tests and the benchmark): one owner. */
export const ANONYMOUS_OWNER = ':anonymous'

export type AuthorshipProblem = 'foreign_client' | 'clock_gap'

/** `detail` is structural and content-free: it goes to the audit trail after the code. */
/**
 * `fresh`: every struct of the update is new to the document and follows straight on what it has of its
 * client, so applying it adds exactly what it says: the update itself is then the row to store and relay.
 */
export type AuthorshipVerdict =
  { ok: true; fresh: boolean } | { ok: false; problem: AuthorshipProblem; detail: string }

/** What the hooks see of a document's authorship (UpdateContext.authorship). */
export type AuthorshipCheck = {
  /**
   * Whether `ownerId` may send `update`: every Yjs client id it writes new structs under is unowned or
   * theirs, and it applies in full on top of the server's document (no gap in a client's clocks, no
   * reference to content the server does not have). A passed update claims its unowned client ids only
   * once it is accepted (SessionDocument.accept).
   */
  check: (ownerId: string, update: Uint8Array) => AuthorshipVerdict
}

type Ownership = { owner: string; durable: boolean }
type Struct = Y.Item | Y.GC | Y.Skip
type Refused = Extract<AuthorshipVerdict, { ok: false }> & { client: number; clock: number }

/**
 * Who writes under each Yjs client id of one document. A client id belongs to the first person whose
 * accepted update writes under it; the server's own client id is reserved from the moment the document
 * is loaded. Client ids that have structs in a stored document but no recorded owner (stored before
 * owners were kept) are treated as unowned: the first person to extend one claims it, so a partner who
 * comes back with the document they had open is not refused. Someone who extends another's unrecorded
 * id first gets it; the real writer's Yjs then moves to a fresh client id as soon as it receives those
 * structs (Yjs does that when another writes under its id), and is refused at most once meanwhile.
 *
 * Yjs is never left holding pending structs on the server: an update that would not apply in full is
 * refused, and nothing of it is kept.
 */
export class Authorship implements AuthorshipCheck {
  #document: string
  #doc: Y.Doc
  #log: Logger
  #owners = new Map<number, Ownership>()
  /**
   * The update that passed `check` last: who sent it and the client ids it writes new structs under.
   * `accept` follows its `check` in the same turn, so one is enough.
   */
  #passed: { update: Uint8Array; owner: string; clients: number[] } | null = null

  constructor(document: string, doc: Y.Doc, stored: readonly ClientOwner[], log: Logger) {
    this.#document = document
    this.#doc = doc
    this.#log = log
    for (const { clientId, owner } of stored) this.#owners.set(clientId, { owner, durable: true })
    // The server's random id must be one nobody has written under or owns: else they would write as it.
    while (this.#owners.has(doc.clientID) || Y.getState(doc.store, doc.clientID) > 0) {
      doc.clientID = Math.floor(Math.random() * 0x1_0000_0000)
    }
    this.#owners.set(doc.clientID, { owner: SERVER_OWNER, durable: false })
  }

  /** Who writes under a Yjs client id in this document (a person's id, or the server's), if anyone yet. */
  ownerOf(clientId: number): string | undefined {
    return this.#owners.get(clientId)?.owner
  }

  check(ownerId: string, update: Uint8Array): AuthorshipVerdict {
    const verdict = this.#judge(ownerId, update)
    if (verdict.ok) return verdict
    const { problem, detail, client, clock } = verdict
    this.#log.warn('sync.authorship_refused', {
      document: this.#document,
      problem,
      detail,
      client,
      clock,
      serverState: this.#knownEnd(client),
    })
    return { ok: false, problem, detail }
  }

  /** An update that passed `check` was accepted: its claims, to be stored in the same append. */
  accept(update: Uint8Array): ClientOwner[] {
    const passed = this.#passed
    if (passed?.update !== update) return []
    this.#passed = null
    const claims: ClientOwner[] = []
    for (const clientId of passed.clients) {
      let ownership = this.#owners.get(clientId)
      if (!ownership) {
        // Held from now on, while it waits for storage: nobody else may claim the id meanwhile.
        ownership = { owner: passed.owner, durable: false }
        this.#owners.set(clientId, ownership)
      }
      if (!ownership.durable) claims.push({ clientId, owner: ownership.owner })
    }
    return claims
  }

  /** The claim a server write carries until the server's client id is on record. */
  serverClaims(): ClientOwner[] {
    const ownership = this.#owners.get(this.#doc.clientID)
    if (ownership && (ownership.durable || ownership.owner !== SERVER_OWNER)) return []
    this.#owners.set(this.#doc.clientID, { owner: SERVER_OWNER, durable: false })
    return [{ clientId: this.#doc.clientID, owner: SERVER_OWNER }]
  }

  /** Owners on record in the store (another instance's rows claimed them): they keep their ids. */
  learn(owners: readonly ClientOwner[]): void {
    for (const { clientId, owner } of owners) {
      const ownership = this.#owners.get(clientId)
      if (!ownership || !ownership.durable) this.#owners.set(clientId, { owner, durable: true })
    }
  }

  /** The append that carried these claims succeeded. (A failed one leaves them held, not on record.) */
  stored(claims: readonly ClientOwner[]): void {
    for (const { clientId, owner } of claims) {
      const ownership = this.#owners.get(clientId)
      if (ownership?.owner === owner) ownership.durable = true
    }
  }

  #judge(ownerId: string, update: Uint8Array): { ok: true; fresh: boolean } | Refused {
    const { structs, ds } = decodedUpdate(update)
    const runs = clientRuns(structs)
    if (runs === null || runs.size !== readGroupCount(update)) {
      // Yjs keeps only the last group of a client that appears twice: the rest would be lost or pending.
      const first = structs[0]
      return refused('clock_gap', 'repeated_client', first?.id.client ?? 0, first?.id.clock ?? 0)
    }

    // Asked for every reference an item makes; each client's end is worked out once per update.
    const knownEnds = new Map<number, number>()
    const knownEnd = (client: number) => {
      let end = knownEnds.get(client)
      if (end === undefined) knownEnds.set(client, (end = this.#knownEnd(client)))
      return end
    }
    const newClients: number[] = []
    let fresh = structs.length > 0
    for (const [client, run] of runs) {
      const reach = reachOf(run)
      if (run[0]?.id.clock !== knownEnd(client) || run.some((struct) => struct instanceof Y.Skip))
        fresh = false
      if (reach <= knownEnd(client)) continue
      // Nobody sends as the server; anyone else may extend an unowned client id or their own.
      const owner = ownerId === SERVER_OWNER ? SERVER_OWNER : this.#owners.get(client)?.owner
      if (owner === SERVER_OWNER || (owner !== undefined && owner !== ownerId)) {
        const detail = owner === SERVER_OWNER ? 'server' : 'owned'
        return refused('foreign_client', detail, client, run[0]?.id.clock ?? 0)
      }
      newClients.push(client)
    }

    const integrated = integrate(runs, knownEnd)
    if (!integrated.ok) return integrated
    for (const [client, ranges] of ds.clients) {
      const end = integrated.state.get(client) ?? knownEnd(client)
      for (const { clock, len } of ranges) {
        if (clock + len > end) return refused('clock_gap', 'unknown_deletion', client, clock)
      }
    }

    this.#passed = { update, owner: ownerId, clients: newClients }
    return { ok: true, fresh }
  }

  /** Where the server's knowledge of a client ends: every accepted update is in the document. */
  #knownEnd(client: number): number {
    return Y.getState(this.#doc.store, client)
  }
}

/**
 * Plays Yjs's integration without touching the document: each client's structs in clock order, each one
 * once what it stands next to or inside is there. A struct waiting for another client's content sends
 * the walk to that client's structs, then back (as Yjs's own integrateStructs does, so a crafted update
 * costs linear time); what can never be placed, Yjs would keep pending, so the update is refused.
 */
function integrate(
  runs: Map<number, Struct[]>,
  knownEnd: (client: number) => number,
): { ok: true; state: Map<number, number> } | Refused {
  const state = new Map<number, number>()
  const stateOf = (client: number) => state.get(client) ?? knownEnd(client)
  const cursors = new Map([...runs].map(([client, run]) => [client, { run, next: 0 }]))
  const waiting = new Set<{ run: Struct[]; next: number }>()
  for (const start of cursors.values()) {
    const stack = [start]
    waiting.add(start)
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { run: Struct[]; next: number }
      const struct = top.run[top.next]
      if (struct === undefined) {
        stack.pop()
        waiting.delete(top)
        continue
      }
      top.next++
      if (struct instanceof Y.Skip) continue
      const { client, clock } = struct.id
      // Only this client's own structs, which come before this one, can move its state on.
      if (clock > stateOf(client)) return refused('clock_gap', 'gap', client, clock)
      const missing = struct instanceof Y.Item ? missingReference(struct, stateOf) : null
      if (missing === null) {
        state.set(client, Math.max(stateOf(client), clock + struct.length))
        // The struct below may have waited for this one: let it look again.
        if (stack.length > 1) waiting.delete(stack.pop() as { run: Struct[]; next: number })
        continue
      }
      top.next--
      const supplier = cursors.get(missing.client)
      const exhausted = !supplier || supplier.next >= supplier.run.length
      if (missing.client === client || exhausted || waiting.has(supplier)) {
        return refused('clock_gap', 'missing_reference', client, clock)
      }
      stack.push(supplier)
      waiting.add(supplier)
    }
  }
  return { ok: true, state }
}

function refused(problem: AuthorshipProblem, detail: string, client: number, clock: number): Refused {
  return { ok: false, problem, detail, client, clock }
}

/** The structs of each client, in order; null if a client's structs are split into separate runs. */
function clientRuns(structs: readonly Struct[]): Map<number, Struct[]> | null {
  const runs = new Map<number, Struct[]>()
  let current: Struct[] | null = null
  let currentClient = -1
  for (const struct of structs) {
    const client = struct.id.client
    if (current === null || client !== currentClient) {
      if (runs.has(client)) return null
      current = []
      currentClient = client
      runs.set(client, current)
    }
    current.push(struct)
  }
  return runs
}

/** How many client groups the update's header announces (the first number of the V1 encoding). */
function readGroupCount(update: Uint8Array): number {
  return decoding.readVarUint(decoding.createDecoder(update))
}

/** The clock a run of one client's structs reaches with real content (a trailing Skip adds nothing). */
function reachOf(run: readonly Struct[]): number {
  for (let i = run.length - 1; i >= 0; i--) {
    const struct = run[i] as Struct
    if (!(struct instanceof Y.Skip)) return struct.id.clock + struct.length
  }
  return 0
}

/**
 * The first thing an item is placed by that is not there yet: its neighbours when it was written or the
 * type it sits in. Another client's must be within that client's state (Yjs's own test); the item's own
 * client's must come before it, as they always do (Yjs does not check those and would fail on a later one).
 */
function missingReference(item: Y.Item, stateOf: (client: number) => number): Y.ID | null {
  const parent: unknown = item.parent
  for (const id of [item.origin, item.rightOrigin, parent instanceof Y.ID ? parent : null]) {
    if (id === null) continue
    const known = id.client === item.id.client ? item.id.clock : stateOf(id.client)
    if (id.clock >= known) return id
  }
  return null
}
