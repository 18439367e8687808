import type { ProgressEntry } from '@session-board/board'
import { storedEntriesSchema } from '@session-board/protocol'
import type { EntryFlag } from '@session-board/protocol'
import { ApiFailure, api } from '../../../lib/api.ts'
import type { SendOutcome } from './queue.ts'

/** The server's answer to a batch, with the flags its entries raised. */
export type Delivery =
  | { outcome: SendOutcome; flags: EntryFlag[]; signedOut: false }
  | { outcome: { kind: 'kept' }; flags: []; signedOut: true }

/** Refusals about what a batch holds; any other 4xx is about the device or the page, not the entries. */
const ENTRY_REFUSALS = new Set(['unknown_metric', 'invalid_entry', 'not_yours', 'entry_id_taken'])

/** Sends one batch; never throws, so the queue decides what each outcome means. */
export async function postEntries(coupleId: string, batch: readonly ProgressEntry[]): Promise<Delivery> {
  try {
    const answer = await api(
      'POST',
      `/api/couples/${encodeURIComponent(coupleId)}/entries`,
      storedEntriesSchema,
      { body: { entries: batch } },
    )
    const flags = answer.entries.flatMap((item) => (item.flag ? [item.flag] : []))
    return { outcome: { kind: 'answered', entries: answer.entries }, flags, signedOut: false }
  } catch (error) {
    // An answer of an unexpected shape: the entries stay on the phone until a later send is understood.
    if (!(error instanceof ApiFailure)) return { outcome: { kind: 'kept' }, flags: [], signedOut: false }
    if (ENTRY_REFUSALS.has(error.code) || error.status === 413) {
      return { outcome: refusal(error.message), flags: [], signedOut: false }
    }
    if (error.status === 401 || (error.status === 403 && error.code !== 'csrf_origin')) {
      return { outcome: { kind: 'kept' }, flags: [], signedOut: true }
    }
    return { outcome: { kind: 'kept' }, flags: [], signedOut: false }
  }
}

/** "Nothing of this batch was stored. Entry 3: entry.value must be …": the entry, and why. */
export function refusal(message: string): SendOutcome {
  const named = /Entry (\d+): (.*)$/s.exec(message)
  if (!named) return { kind: 'refused', reason: message, entryIndex: null }
  return { kind: 'refused', reason: named[2] ?? message, entryIndex: Number(named[1]) - 1 }
}
