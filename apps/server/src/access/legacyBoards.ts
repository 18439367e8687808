import type { DatabaseSync } from 'node:sqlite'
import { PARTNER_ROLES, mergeLegacyBoard, mergeLegacyScores, writeCoupleInfo } from '@session-board/board'
import * as Y from 'yjs'
import type { Access } from './context.ts'
import { scoresDocument } from './scope.ts'

/**
 * Boards stored per session before couples existed are merged, once each and oldest first, into their
 * couple's document: the plan's records all come along, each ended meeting becomes a record of the
 * couple's history, and the latest session, if it is still open, keeps its live meeting. The old
 * documents themselves stay stored as they were. Runs when the server starts, before it listens.
 */
export async function mergeLegacyBoards(db: DatabaseSync, access: Access): Promise<number> {
  const pending = db
    .prepare(
      `SELECT legacy.session_id AS session_id FROM legacy_boards AS legacy
       JOIN sessions ON sessions.id = legacy.session_id
       WHERE legacy.merged_at IS NULL ORDER BY sessions.created_at, sessions.id`,
    )
    .all()
    .map((row) => String(row.session_id))
  const markMerged = db.prepare('UPDATE legacy_boards SET merged_at = ? WHERE session_id = ?')
  const touched = new Set<string>()
  for (const sessionId of pending) {
    const session = await access.sessions.byId(sessionId)
    if (!session) continue
    const latest = (await access.sessions.listForCouple(session.coupleId)).at(-1)?.id === session.id
    let state: Uint8Array = new Uint8Array()
    // A write that changes nothing: it reads the old board, loading it from the store.
    await access.registry.write(sessionId, (doc) => {
      state = Y.encodeStateAsUpdate(doc)
    })
    const legacy = new Y.Doc()
    Y.applyUpdate(legacy, state)
    await access.registry.write(session.coupleId, (doc) =>
      mergeLegacyBoard(doc, legacy, {
        sessionId,
        title: session.title,
        createdAt: session.createdAt,
        endedAt: session.endedAt,
        latest,
      }),
    )
    legacy.destroy()
    // Each partner's private grid scores follow the grid to the couple, still theirs alone.
    for (const partner of PARTNER_ROLES) {
      let scores: Uint8Array = new Uint8Array()
      await access.registry.write(scoresDocument(sessionId, partner), (doc) => {
        scores = Y.encodeStateAsUpdate(doc)
      })
      const legacyScores = new Y.Doc()
      Y.applyUpdate(legacyScores, scores)
      await access.registry.write(scoresDocument(session.coupleId, partner), (doc) =>
        mergeLegacyScores(doc, legacyScores),
      )
      legacyScores.destroy()
    }
    touched.add(session.coupleId)
    markMerged.run(access.now(), sessionId)
    access.log.info('upgrade.board_merged', { sessionId, coupleId: session.coupleId })
  }
  // The couple's row is the truth about its names now; every board shows them from the document.
  for (const coupleId of touched) {
    const couple = await access.couples.byId(coupleId)
    if (!couple) continue
    await access.registry.write(coupleId, (doc) =>
      writeCoupleInfo(doc, {
        partnerAName: couple.partnerAName,
        partnerBName: couple.partnerBName,
        programStart: couple.programStart,
        phase: couple.phase,
      }),
    )
  }
  return pending.length
}
