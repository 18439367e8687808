import {
  acknowledgedAlertSchema,
  caseloadFlagsSchema,
  entryListSchema,
  flagAlertSchema,
  flagListSchema,
  flagRecordSchema,
} from '@session-board/protocol'
import type { EntryList, FlagRecord } from '@session-board/protocol'
import { boardClock } from '@session-board/board'
import { api } from '../../../lib/api.ts'
import type { AlertEvent, ShownFlag } from './flagList.ts'

const therapist = { therapistCall: true }
const coupleFlagsPath = (coupleId: string) => `/api/couples/${encodeURIComponent(coupleId)}/flags`

/** The couple's flags between two days (YYYY-MM-DD), acknowledged or not. */
export async function listCoupleFlags(coupleId: string, from: string, to: string): Promise<ShownFlag[]> {
  const query = new URLSearchParams({ from, to })
  const { flags } = await api('GET', `${coupleFlagsPath(coupleId)}?${query}`, flagListSchema, therapist)
  return flags.map((flag) => ({ ...flag, coupleId }))
}

/** The couple's entries between two days: the therapist receives all of them. */
export async function listCoupleEntries(
  coupleId: string,
  from: string,
  to: string,
): Promise<EntryList['entries']> {
  const query = new URLSearchParams({ from, to })
  const path = `/api/couples/${encodeURIComponent(coupleId)}/entries?${query}`
  return (await api('GET', path, entryListSchema, therapist)).entries
}

/** Every flag not yet acknowledged, across the therapist's couples. */
export async function listOpenFlags(): Promise<ShownFlag[]> {
  return (await api('GET', '/api/flags', caseloadFlagsSchema, therapist)).flags
}

export function acknowledgeFlag(coupleId: string, flagId: string): Promise<FlagRecord> {
  return api(
    'POST',
    `${coupleFlagsPath(coupleId)}/${encodeURIComponent(flagId)}/acknowledge`,
    flagRecordSchema,
    therapist,
  )
}

export interface AlertStream {
  close(): void
}

/**
 * Listens to `GET /api/alerts`. The browser's EventSource reconnects by itself; `onReconnected` lets
 * the caller load its list again, since flags raised while the stream was down are not replayed.
 * An event that does not parse is ignored rather than shown half-read.
 */
export function listenForAlerts(
  onEvent: (event: AlertEvent) => void,
  onReconnected: () => void,
): AlertStream {
  const source = new EventSource('/api/alerts', { withCredentials: true })
  let dropped = false
  source.addEventListener('error', () => {
    dropped = true
  })
  source.addEventListener('open', () => {
    if (dropped) onReconnected()
    dropped = false
  })
  source.addEventListener('flag', (message) => {
    const parsed = flagAlertSchema.safeParse(readJson(message))
    if (parsed.success) onEvent({ kind: 'flag', ...parsed.data })
  })
  source.addEventListener('acknowledged', (message) => {
    const parsed = acknowledgedAlertSchema.safeParse(readJson(message))
    if (parsed.success) onEvent({ kind: 'acknowledged', ...parsed.data, at: boardClock.now() })
  })
  return { close: () => source.close() }
}

function readJson(message: Event): unknown {
  try {
    return JSON.parse((message as MessageEvent<string>).data)
  } catch {
    return null
  }
}
