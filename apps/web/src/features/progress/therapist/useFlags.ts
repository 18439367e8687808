import { useCallback, useEffect, useState } from 'react'
import { addDays, boardClock, dayAt } from '@session-board/board'
import { describeFailure } from '../../../lib/api.ts'
import { acknowledgeFlag, listCoupleFlags, listOpenFlags, listenForAlerts } from './therapistApi.ts'
import type { ShownFlag } from './flagList.ts'
import { applyAlert, mergeLoaded } from './flagList.ts'

/** How far back the couple's page lists flags. */
export const COUPLE_FLAG_WEEKS = 8

export interface FlagsState {
  flags: readonly ShownFlag[] | null
  problem: string | null
  /** The newest flag that arrived live, for the page to announce. */
  arrived: ShownFlag | null
  acknowledge(flag: ShownFlag): Promise<void>
}

function loadFlags(coupleId: string | undefined): Promise<ShownFlag[]> {
  if (coupleId === undefined) return listOpenFlags()
  const today = dayAt(boardClock.now(), -new Date().getTimezoneOffset())
  return listCoupleFlags(coupleId, addDays(today, -7 * COUPLE_FLAG_WEEKS), today)
}

/**
 * Flags, live: one couple's (their page) or every open one (the caseload). Loaded once, then kept
 * current from the alert stream without a reload; loaded again when the stream comes back.
 */
export function useFlags(coupleId?: string): FlagsState {
  const [flags, setFlags] = useState<readonly ShownFlag[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [arrived, setArrived] = useState<ShownFlag | null>(null)

  const reload = useCallback(() => {
    loadFlags(coupleId)
      .then((loaded) => {
        setFlags((held) => mergeLoaded(loaded, held ?? []))
        setProblem(null)
      })
      .catch((error: unknown) => setProblem(describeFailure(error)))
  }, [coupleId])

  useEffect(() => {
    reload()
    const stream = listenForAlerts((event) => {
      setFlags((held) => applyAlert(held ?? [], event, coupleId))
      if (event.kind === 'flag' && (coupleId === undefined || event.coupleId === coupleId)) {
        setArrived({ ...event.flag, coupleId: event.coupleId })
      }
    }, reload)
    return () => stream.close()
  }, [coupleId, reload])

  const acknowledge = useCallback(async (flag: ShownFlag) => {
    try {
      const seen = await acknowledgeFlag(flag.coupleId, flag.id)
      setFlags((held) =>
        applyAlert(held ?? [], {
          kind: 'acknowledged',
          coupleId: flag.coupleId,
          flagId: flag.id,
          at: seen.acknowledgedAt ?? boardClock.now(),
        }),
      )
      setProblem(null)
    } catch (error) {
      setProblem(describeFailure(error))
    }
  }, [])

  return { flags, problem, arrived, acknowledge }
}
