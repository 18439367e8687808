// What a couple's document holds, as a client reads it through the board package's selectors, and
// whether it holds what the program's sessions left.
import {
  canvasMap,
  selectColumns,
  selectGoals,
  selectHuddleRecords,
  selectMeetings,
  selectStepsByGoal,
} from '@session-board/board'
import type { SyncClient } from '../canvas/client.ts'

export interface BoardContents {
  goals: number
  steps: number
  /** Canvas records in the document: shapes and bindings. */
  canvas: number
  /** Shapes among them: what tldraw draws. */
  shapes: number
  /** The review board of the meeting under way. */
  cards: number
  huddleRecords: number
  meetings: number
}

export function contentsOf(client: SyncClient): BoardContents {
  const { doc } = client
  const canvas = canvasMap(doc)
  return {
    goals: selectGoals(doc).length,
    steps: Object.values(selectStepsByGoal(doc)).reduce((sum, steps) => sum + steps.length, 0),
    canvas: canvas.size,
    shapes: [...canvas.keys()].filter((id) => id.startsWith('shape:')).length,
    cards: Object.values(selectColumns(doc)).reduce((sum, cards) => sum + cards.length, 0),
    huddleRecords: selectHuddleRecords(doc).length,
    meetings: selectMeetings(doc).length,
  }
}

/** Where a document's contents differ from what was expected, if anywhere. */
export function differences(
  contents: BoardContents | undefined,
  expected: Partial<BoardContents>,
): string | null {
  if (!contents) return 'no contents read'
  const short = (Object.entries(expected) as [keyof BoardContents, number][]).filter(
    ([key, count]) => contents[key] !== count,
  )
  return short.length === 0
    ? null
    : short.map(([key, count]) => `${key} ${contents[key]} (expected ${count})`).join(', ')
}
