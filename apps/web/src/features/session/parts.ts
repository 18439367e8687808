import { useEffect, useState } from 'react'
import { boardClock, followedPart, huddleAt } from '@session-board/board'
import type { BoardPart, BoardSnapshot } from '@session-board/board'
import type { SessionSync } from '../../lib/sync.ts'

interface PartTab {
  /** On its tab. */
  label: string
  /** In a sentence: 'the review board'. */
  name: string
  /** The heading the part opens with. */
  headingId: string
}

/** The parts of the board as their tabs and sentences name them. */
export const partTabs: Record<BoardPart, PartTab> = {
  huddle: { label: 'Huddle', name: 'the huddle', headingId: 'huddle-heading' },
  canvas: { label: 'Canvas', name: 'the goal canvas', headingId: 'canvas-heading' },
  goals: { label: 'Goals', name: 'the joint goals', headingId: 'goals-heading' },
  review: { label: 'Review board', name: 'the review board', headingId: 'review-heading' },
  grid: { label: 'Decision grid', name: 'the decision grid', headingId: 'grid-heading' },
}

/**
 * On a narrow screen the side panel (the floor, who is here, the therapist's controls and notes)
 * becomes one more tab; the call floats above the board instead.
 */
export type BoardView = BoardPart | 'side'

export const sideTab: PartTab = { label: 'Floor', name: 'the floor', headingId: 'floor-heading' }

export const viewTab = (view: BoardView): PartTab => (view === 'side' ? sideTab : partTabs[view])

const followedNow = (snapshot: BoardSnapshot) =>
  followedPart(snapshot.huddle.shownPart, huddleAt(snapshot.huddle, boardClock.now()), snapshot.huddle.runId)

/**
 * The part everyone who follows the therapist sees. It changes with the document and with the clock
 * (a huddle part that ends by itself moves everyone on), so it is read again twice a second.
 */
export function useFollowedPart({ board }: SessionSync): BoardPart {
  const [part, setPart] = useState(() => followedNow(board.getSnapshot()))
  useEffect(() => {
    const update = () => setPart(followedNow(board.getSnapshot()))
    const unsubscribe = board.subscribe(update)
    const timer = setInterval(update, 500)
    return () => {
      unsubscribe()
      clearInterval(timer)
    }
  }, [board])
  return part
}
