import * as Y from 'yjs'

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>

/** The update decoded last, and its decoding: the checks of one update all run before the next. */
let lastUpdate: Uint8Array | null = null
let lastDecoded: DecodedUpdate | null = null

/**
 * An update's structs and delete set, decoded once however many checks read them (the frame decoder,
 * authorship, the write rules, the quota), as long as no other update was decoded in between. Only the
 * last one is kept: decoded structs kept alive while their update waits for storage would survive the
 * young generation and cost the GC far more than decoding again. Read-only: nothing may change what it
 * returns.
 */
export function decodedUpdate(update: Uint8Array): DecodedUpdate {
  if (update !== lastUpdate || !lastDecoded) {
    lastDecoded = Y.decodeUpdate(update)
    lastUpdate = update
  }
  return lastDecoded
}
