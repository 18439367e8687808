import { useSyncExternalStore } from 'react'
import type { Scores } from '@session-board/board'
import type { TokenSource } from '../../lib/connectToken.ts'
import { openScores } from '../../lib/scoresSync.ts'
import type { ScoresSync } from '../../lib/scoresSync.ts'
import { useSideDocument } from '../../lib/useSideDocument.ts'
import type { SideDocumentOpening } from '../../lib/useSideDocument.ts'

export type ScoresOpening = SideDocumentOpening<ScoresSync>

const openMyScores = (sessionId: string, tokens: TokenSource) =>
  openScores({ sessionId, tokens, onAccessLost: () => undefined })

/** A partner's private scores document, opened with a connect token for the target 'scores'. */
export function useScoresSync(sessionId: string, enabled: boolean): ScoresOpening {
  return useSideDocument(sessionId, 'scores', openMyScores, enabled)
}

const noScores: Scores = {}
const noSubscribe = () => () => undefined

export function useMyScores(opening: ScoresOpening): Scores {
  const sync = opening.state === 'open' ? opening.sync : null
  return useSyncExternalStore(sync?.subscribe ?? noSubscribe, sync?.getSnapshot ?? (() => noScores))
}
