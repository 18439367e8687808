import { useEffect, useState, useSyncExternalStore } from 'react'
import type { Scores } from '@session-board/board'
import { describeFailure } from '../../lib/api.ts'
import { createTokenSource, fetchConnectToken } from '../../lib/connectToken.ts'
import { openScores } from '../../lib/scoresSync.ts'
import type { ScoresSync } from '../../lib/scoresSync.ts'

export type ScoresOpening =
  { state: 'opening' } | { state: 'open'; sync: ScoresSync } | { state: 'failed'; message: string }

/** A partner's private scores document, opened with a connect token for the target 'scores'. */
export function useScoresSync(sessionId: string, enabled: boolean): ScoresOpening {
  const [opening, setOpening] = useState<ScoresOpening>({ state: 'opening' })
  useEffect(() => {
    if (!enabled) return
    let active = true
    let opened: ScoresSync | null = null
    fetchConnectToken(sessionId, 'scores')
      .then((first) => {
        if (!active) return
        opened = openScores({
          sessionId,
          tokens: createTokenSource(sessionId, first, 'scores'),
          onAccessLost: () => undefined,
        })
        setOpening({ state: 'open', sync: opened })
      })
      .catch((error: unknown) => {
        if (active) setOpening({ state: 'failed', message: describeFailure(error) })
      })
    return () => {
      active = false
      opened?.destroy()
      setOpening({ state: 'opening' })
    }
  }, [sessionId, enabled])
  return opening
}

const noScores: Scores = {}
const noSubscribe = () => () => undefined

export function useMyScores(opening: ScoresOpening): Scores {
  const sync = opening.state === 'open' ? opening.sync : null
  return useSyncExternalStore(sync?.subscribe ?? noSubscribe, sync?.getSnapshot ?? (() => noScores))
}
