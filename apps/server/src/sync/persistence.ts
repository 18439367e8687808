import type { Logger } from '../log.ts'
import { errorKind, errorMessage } from '../log.ts'
import type { ClientOwner, DocumentStore } from '../store/types.ts'
import { sendTogether } from './sendTogether.ts'

/** One accepted update waiting to be made durable. */
export type PendingUpdate = {
  sessionId: string
  update: Uint8Array
  /** Client ids this update claims, made durable with it. */
  claims?: readonly ClientOwner[]
  /** Runs once the update is durable, with its seq; only now may it be sent to anyone. */
  onStored: (seq: number) => void
  /** Runs if storing failed; the update must then be sent to nobody. */
  onFailed: (error: unknown) => void
}

/**
 * Persist-before-broadcast with batching: updates accepted during one event-loop turn, and any that
 * arrive while the previous batch is being written, are appended in ONE store transaction (one commit
 * instead of one per keystroke), and only then are their callbacks run, in arrival order. Batches are
 * written one after another, never concurrently, so each document's seqs follow arrival order.
 */
export class PersistQueue {
  #store: DocumentStore
  #log: Logger
  #batch: PendingUpdate[] = []
  #scheduled = false
  #tail: Promise<void> = Promise.resolve()

  constructor(store: DocumentStore, log: Logger) {
    this.#store = store
    this.#log = log
  }

  enqueue(pending: PendingUpdate): void {
    this.#batch.push(pending)
    if (this.#scheduled) return
    this.#scheduled = true
    // setImmediate runs after the I/O callbacks of this turn, so every frame read in it joins the batch.
    // The batch is then taken only when the write before it is done: whatever arrived while that one
    // was in flight joins it too (a group commit), so a slow store gets fewer, larger transactions
    // instead of a queue of small ones.
    setImmediate(() => {
      this.#tail = this.#tail.then(() => {
        this.#scheduled = false
        const batch = this.#batch
        this.#batch = []
        return batch.length > 0 ? this.#write(batch) : undefined
      })
    })
  }

  /** Resolves once everything enqueued so far has been stored (or has failed). */
  async drain(): Promise<void> {
    while (this.#scheduled || this.#batch.length > 0) {
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    await this.#tail
  }

  async #write(batch: PendingUpdate[]): Promise<void> {
    let seqs: number[]
    try {
      seqs = await this.#store.append(
        batch.map(({ sessionId, update, claims }) => ({ documentId: sessionId, update, claims })),
      )
      if (seqs.length !== batch.length) throw new Error('the store returned a wrong number of seqs')
    } catch (error) {
      const bytes = batch.reduce((sum, { update }) => sum + update.byteLength, 0)
      this.#log.error('persist.append_failed', { updates: batch.length, bytes, error: errorMessage(error) })
      for (const pending of batch) runSafely(() => pending.onFailed(error), this.#log)
      return
    }
    // Each peer's frames of this batch leave in one write.
    sendTogether(() =>
      batch.forEach((pending, index) => runSafely(() => pending.onStored(seqs[index] ?? 0), this.#log)),
    )
  }
}

/** A failing callback must not stop the callbacks after it, nor break the queue's promise chain. */
function runSafely(callback: () => void, log: Logger): void {
  try {
    callback()
  } catch (error) {
    // The kind only: a callback relays a client's update, whose content an error message could quote.
    log.error('persist.callback_failed', { error: errorKind(error) })
  }
}
