import type { ProgressEntry } from '@session-board/board'

/** What an offline phone sends at once (the server's own limit). */
export const MAX_BATCH = 100

/** An entry kept on the phone until the server has it. */
export interface Waiting {
  entry: ProgressEntry
  /** The server's reason when it refused this entry; a refused entry is not sent again. */
  refusal: string | null
  /** A batch holding it was refused without naming the entry: it goes alone, to find which one it was. */
  alone: boolean
}

export type Queue = readonly Waiting[]

/** How one send of a batch ended. */
export type SendOutcome =
  | { kind: 'answered'; entries: readonly { id: string; status: 'stored' | 'already stored' }[] }
  /** Refused for what it holds (4xx); the server names the entry by its place when it can. */
  | { kind: 'refused'; reason: string; entryIndex: number | null }
  /** No answer, a server error, or the device signed out: everything is kept for another try. */
  | { kind: 'kept' }

/** Adds entries made on this phone; an id already kept is not added twice. */
export function enqueue(queue: Queue, entries: readonly ProgressEntry[]): Queue {
  const kept = new Set(queue.map(({ entry }) => entry.id))
  const added = entries.filter((entry) => !kept.has(entry.id) && kept.add(entry.id))
  return [...queue, ...added.map((entry) => ({ entry, refusal: null, alone: false }))]
}

/** The next entries to send: an entry under suspicion alone, otherwise up to MAX_BATCH in order. */
export function nextBatch(queue: Queue): ProgressEntry[] {
  const sendable = queue.filter((waiting) => waiting.refusal === null)
  const suspect = sendable.find((waiting) => waiting.alone)
  if (suspect) return [suspect.entry]
  return sendable.slice(0, MAX_BATCH).map(({ entry }) => entry)
}

/**
 * The queue after the answer to `batch`. An entry leaves only when the server says it has it; the
 * queue may have changed while the batch was out, so everything is matched by id.
 */
export function settle(queue: Queue, batch: readonly ProgressEntry[], outcome: SendOutcome): Queue {
  switch (outcome.kind) {
    case 'kept':
      return queue
    case 'answered': {
      const sent = new Set(batch.map((entry) => entry.id))
      const arrived = new Set(outcome.entries.filter(({ id }) => sent.has(id)).map(({ id }) => id))
      return queue.filter(({ entry }) => !arrived.has(entry.id))
    }
    case 'refused': {
      const named = outcome.entryIndex === null ? undefined : batch[outcome.entryIndex]
      const refused = named ?? (batch.length === 1 ? batch[0] : undefined)
      if (refused) {
        return queue.map((waiting) =>
          waiting.entry.id === refused.id ? { ...waiting, refusal: outcome.reason, alone: false } : waiting,
        )
      }
      const suspects = new Set(batch.map((entry) => entry.id))
      return queue.map((waiting) => (suspects.has(waiting.entry.id) ? { ...waiting, alone: true } : waiting))
    }
  }
}

/** Takes a refused entry off the phone, when the partner has read why. */
export function dismiss(queue: Queue, id: string): Queue {
  return queue.filter(({ entry }) => entry.id !== id)
}

/** Entries still to send (refused ones are not). */
export function waitingCount(queue: Queue): number {
  return queue.filter((waiting) => waiting.refusal === null).length
}
