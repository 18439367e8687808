import { useEffect, useMemo, useSyncExternalStore } from 'react'
import type { EntryQueue, QueueView } from './entryQueue.ts'
import { createEntryQueue, deviceStorage } from './entryQueue.ts'
import { postEntries } from './logApi.ts'

/** This couple's entries kept on the phone, sending whenever it can while the page is open. */
export function useEntryQueue(coupleId: string): { queue: EntryQueue; view: QueueView } {
  const queue = useMemo(
    () =>
      createEntryQueue({
        storage: deviceStorage(coupleId),
        post: (batch) => postEntries(coupleId, batch),
      }),
    [coupleId],
  )
  useEffect(() => queue.start(), [queue])
  const view = useSyncExternalStore(queue.subscribe, queue.getSnapshot)
  return { queue, view }
}
