import * as Y from 'yjs'

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>

const decoded = new WeakMap<Uint8Array, DecodedUpdate>()

/**
 * An update's structs and delete set, decoded once however many checks read them (the frame decoder,
 * authorship, the write rules, the quota, and each later update's path resolution while it waits for
 * storage). Read-only: nothing may change what it returns.
 */
export function decodedUpdate(update: Uint8Array): DecodedUpdate {
  let result = decoded.get(update)
  if (!result) {
    result = Y.decodeUpdate(update)
    decoded.set(update, result)
  }
  return result
}
