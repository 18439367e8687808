// Fills a production session with the bench's canvas before the page loads: the therapist's y-websocket
// client adds each goal card's goal with the board's addGoal and writes every shape into the document as
// the canvas binding stores it (encodeRecord), in one transaction that passes the server's write rules
// and canvas value checks. Partner A's client then confirms the server has it all, and stays connected:
// the session is live when the therapist opens the board, so each page load finds it loaded.
import { LOCAL_ORIGIN, addGoal, canvasMap, selectGoals } from '@session-board/board'
import { encodeRecord } from '@session-board/canvas'
import * as Y from 'yjs'
import { connectClient, refusalNote, waitFor, whenSynced } from './client.ts'
import type { SyncClient } from './client.ts'
import { withGoalIds } from './shapes.ts'
import type { SeedShape } from './shapes.ts'

export async function seedSession(
  wsBase: string,
  sessionId: string,
  tokens: { therapist: string; partnerA: string },
  shapes: SeedShape[],
): Promise<{ stayingClient: SyncClient; goals: number }> {
  const writer = connectClient(wsBase, sessionId, tokens.therapist)
  try {
    await whenSynced(writer, 20_000)
    const goalIds = new Map<string, string>()
    writer.doc.transact(() => {
      for (const { record, goalTitle } of shapes)
        if (goalTitle !== null) goalIds.set(record.id, addGoal(writer.doc, { title: goalTitle }))
      const canvas = canvasMap(writer.doc)
      for (const record of withGoalIds(shapes, goalIds))
        canvas.set(record.id, new Y.Map(Object.entries(encodeRecord(record))))
    }, LOCAL_ORIGIN)

    const staying = connectClient(wsBase, sessionId, tokens.partnerA)
    const complete = await waitFor(
      () => canvasMap(staying.doc).size === shapes.length && selectGoals(staying.doc).length === goalIds.size,
      20_000,
    )
    if (!complete) {
      const message =
        `the server passed on ${canvasMap(staying.doc).size}/${shapes.length} shapes and ` +
        `${selectGoals(staying.doc).length}/${goalIds.size} goals` +
        refusalNote(writer)
      staying.destroy()
      throw new Error(message)
    }
    return { stayingClient: staying, goals: goalIds.size }
  } finally {
    writer.destroy()
  }
}
