import { entryListSchema, flagListSchema } from '@session-board/protocol'
import type { FlagRecord } from '@session-board/protocol'
import type { ProgressEntry } from '@session-board/board'
import { api } from '../../lib/api.ts'

export interface DayRange {
  from: string
  to: string
}

const progressPath = (coupleId: string, what: 'entries' | 'flags', range: DayRange) =>
  `/api/couples/${encodeURIComponent(coupleId)}/${what}?${new URLSearchParams({ ...range })}`

/**
 * What this reader may see between two days (YYYY-MM-DD): the server leaves out the other partner's
 * therapist-only entries. `therapist` marks a call whose 401 means the login ended.
 */
export async function loadEntries(
  coupleId: string,
  range: DayRange,
  therapist: boolean,
): Promise<ProgressEntry[]> {
  return (
    await api('GET', progressPath(coupleId, 'entries', range), entryListSchema, { therapistCall: therapist })
  ).entries
}

/** The flags of those days; a flag is as private as the entry that raised it. */
export async function loadFlags(
  coupleId: string,
  range: DayRange,
  therapist: boolean,
): Promise<FlagRecord[]> {
  return (
    await api('GET', progressPath(coupleId, 'flags', range), flagListSchema, { therapistCall: therapist })
  ).flags
}
