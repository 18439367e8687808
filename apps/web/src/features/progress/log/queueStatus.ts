import type { ProgressEntry } from '@session-board/board'
import type { QueueView } from './entryQueue.ts'
import { waitingCount } from './queue.ts'

const entries = (count: number) => (count === 1 ? '1 entry' : `${count} entries`)

/** The connection, in one line the partner can trust: what is on the phone and what has arrived. */
export function describeQueue(view: QueueView): string {
  const waiting = waitingCount(view.queue)
  if (!view.loaded) return 'Checking this phone…'
  if (!view.online) {
    return waiting > 0
      ? `Offline — ${entries(waiting)} kept on this phone`
      : 'Offline — what you save is kept on this phone'
  }
  if (view.signedOut) return `Sign in again to send ${entries(waiting)} kept on this phone`
  if (view.sending) return 'Sending…'
  if (waiting > 0) return `${entries(waiting)} waiting to send — kept on this phone`
  return 'All saved'
}

export type EntryState =
  | { state: 'saved' }
  | { state: 'waiting' }
  | { state: 'refused'; reason: string }
  /** Taken off the phone after a refusal. */
  | { state: 'gone' }

/** Where one entry saved on this page is now. */
export function entryState(view: QueueView, entry: ProgressEntry): EntryState {
  const kept = view.queue.find((waiting) => waiting.entry.id === entry.id)
  if (kept?.refusal) return { state: 'refused', reason: kept.refusal }
  if (kept) return { state: 'waiting' }
  return view.delivered.has(entry.id) ? { state: 'saved' } : { state: 'gone' }
}
