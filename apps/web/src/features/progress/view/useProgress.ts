import { useEffect, useState } from 'react'
import type { FlagRecord } from '@session-board/protocol'
import type { ProgressEntry } from '@session-board/board'
import { describeFailure } from '../../../lib/api.ts'
import { loadEntries, loadFlags } from '../progressApi.ts'
import type { DayRange } from '../progressApi.ts'

export type ProgressLoad =
  | { state: 'loading' }
  | { state: 'ready'; entries: ProgressEntry[]; flags: FlagRecord[] }
  | { state: 'failed'; message: string }

/** The entries and flags of a stretch of days, loaded again when the stretch changes. */
export function useProgress(coupleId: string, range: DayRange, therapist: boolean): ProgressLoad {
  const [load, setLoad] = useState<ProgressLoad>({ state: 'loading' })
  const { from, to } = range
  useEffect(() => {
    let active = true
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setLoad({ state: 'loading' })
    Promise.all([
      loadEntries(coupleId, { from, to }, therapist),
      loadFlags(coupleId, { from, to }, therapist),
    ])
      .then(([entries, flags]) => active && setLoad({ state: 'ready', entries, flags }))
      .catch((error: unknown) => active && setLoad({ state: 'failed', message: describeFailure(error) }))
    return () => {
      active = false
    }
  }, [coupleId, from, to, therapist])
  return load
}
