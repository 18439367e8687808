import * as Y from 'yjs'
import { decodedUpdate } from '../sync/decodedUpdate.ts'

/**
 * Each document's size quota. The server keeps an estimate per document: its encoded size when last
 * measured plus every accepted update since. Only when the estimate would pass the quota is the
 * document measured again (encoding it is linear in its size), so an ordinary edit costs an addition.
 */
export class DocumentQuota {
  readonly maxBytes: number
  #estimates = new WeakMap<Y.Doc, number>()

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes
  }

  /**
   * Whether the document stays within the quota once `update` is added (every accepted update is in
   * it already); if so, counts it. An update that only deletes is always admitted: it is how a full board
   * is made smaller.
   */
  admits(doc: Y.Doc, update: Uint8Array): boolean {
    if (!inserts(update)) return true
    let estimate = this.#estimates.get(doc)
    if (estimate === undefined || estimate + update.byteLength > this.maxBytes) {
      estimate = Y.encodeStateAsUpdate(doc).byteLength
    }
    if (estimate + update.byteLength > this.maxBytes) {
      this.#estimates.set(doc, estimate)
      return false
    }
    this.#estimates.set(doc, estimate + update.byteLength)
    return true
  }
}

function inserts(update: Uint8Array): boolean {
  return decodedUpdate(update).structs.some((struct) => struct instanceof Y.Item)
}
