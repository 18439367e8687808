// The y-websocket wire format and hand-built Yjs updates, for hostileFrames.ts. Everything here is a
// pure function of its arguments (and of the base board a BoardView was made from), so a seeded
// generator stays reproducible.
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

/** Top-level message types of the y-websocket protocol, and the sync protocol's sub-types. */
export const MESSAGE_SYNC = 0
export const MESSAGE_AWARENESS = 1
export const MESSAGE_QUERY_AWARENESS = 3
export const SYNC_STEP1 = 0
export const SYNC_STEP2 = 1
export const SYNC_UPDATE = 2

const frame = (write: (encoder: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** A sync message of any sub-type (the server knows 0, 1 and 2) around `payload`. */
export const syncFrame = (subtype: number, payload: Uint8Array): Uint8Array =>
  frame((encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    encoding.writeVarUint(encoder, subtype)
    encoding.writeVarUint8Array(encoder, payload)
  })

export const updateFrame = (update: Uint8Array): Uint8Array => syncFrame(SYNC_UPDATE, update)

/** A state vector from (client, clock) pairs, as Y.encodeStateVector writes one. */
export const stateVector = (entries: ReadonlyArray<readonly [number, number]>): Uint8Array =>
  frame((encoder) => {
    encoding.writeVarUint(encoder, entries.length)
    for (const [client, clock] of entries) {
      encoding.writeVarUint(encoder, client)
      encoding.writeVarUint(encoder, clock)
    }
  })

/** One awareness entry as sent: `json` is the state's JSON text ('null' removes the client). */
export interface AwarenessEntry {
  clientId: number
  clock: number
  json: string
}

/** An awareness frame; `claimed` entries may be more than given (a frame that ends too early). */
export const awarenessFrame = (entries: readonly AwarenessEntry[], claimed = entries.length): Uint8Array =>
  frame((encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS)
    const inner = encoding.createEncoder()
    encoding.writeVarUint(inner, claimed)
    for (const { clientId, clock, json } of entries) {
      encoding.writeVarUint(inner, clientId)
      encoding.writeVarUint(inner, clock)
      encoding.writeVarString(inner, json)
    }
    encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner))
  })

/** A valid update (format v1) with no structs that deletes the given (client, clock, length) ranges. */
export const deletionUpdate = (ranges: ReadonlyArray<readonly [number, number, number]>): Uint8Array =>
  frame((encoder) => {
    encoding.writeVarUint(encoder, 0) // no structs
    const byClient = new Map<number, Array<readonly [number, number]>>()
    for (const [client, clock, len] of ranges) {
      const list = byClient.get(client) ?? []
      list.push([clock, len])
      byClient.set(client, list)
    }
    encoding.writeVarUint(encoder, byClient.size)
    for (const [client, list] of byClient) {
      encoding.writeVarUint(encoder, client)
      encoding.writeVarUint(encoder, list.length)
      for (const [clock, len] of list) {
        encoding.writeVarUint(encoder, clock)
        encoding.writeVarUint(encoder, len)
      }
    }
  })

/**
 * The board under attack as the attacker first saw it (its sync step 2): the ids of its records and the
 * Yjs clients that wrote it. Hostile edits are made on a fresh copy of this base each time, so each one
 * is a pure function of the base, the client id it claims and the change.
 */
export class BoardView {
  readonly base: Uint8Array
  /** Clients that wrote the base (the therapist's client, the server's stamps), in ascending order. */
  readonly clients: number[]
  readonly #ids = new Map<string, string[]>()

  constructor(base: Uint8Array) {
    this.base = base
    const doc = this.copy()
    this.clients = [...Y.decodeStateVector(Y.encodeStateVector(doc)).keys()].sort((a, b) => a - b)
    for (const root of ['goals', 'cards', 'steps', 'plans'])
      this.#ids.set(root, [...doc.getMap(root).keys()].sort())
    doc.destroy()
  }

  /** The record ids of a collection in the base, sorted (map order depends on arrival, ids do not). */
  ids(root: string): readonly string[] {
    return this.#ids.get(root) ?? []
  }

  copy(): Y.Doc {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, this.base)
    return doc
  }

  /**
   * Makes `change` on a copy of the base as Yjs client `clientId` and returns that change's update
   * alone. With `gap` > 0, a throwaway change of that many clock ticks comes first and is left out, so
   * the update starts past what the server knows of the client (a clock gap).
   */
  edit(clientId: number, change: (doc: Y.Doc) => void, gap = 0): Uint8Array {
    const doc = this.copy()
    doc.clientID = clientId
    if (gap > 0) doc.getText('gap').insert(0, 'g'.repeat(gap))
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    doc.transact(() => change(doc))
    doc.destroy()
    return updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates)
  }
}
