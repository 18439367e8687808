import { createScoresDoc, selectScores } from '@session-board/board'
import type { BoardDoc, Scores } from '@session-board/board'
import type { TokenSource } from './connectToken.ts'
import { openTokenSocket } from './tokenSocket.ts'

/**
 * A partner's own private scores of the decision grid: a document of its own on its own socket, which
 * the server opens to that partner alone and reads only when the therapist reveals.
 */
export interface ScoresSync {
  doc: BoardDoc
  subscribe(listener: () => void): () => void
  getSnapshot(): Scores
  destroy(): void
}

export function openScores(options: {
  sessionId: string
  tokens: TokenSource
  onAccessLost: () => void
}): ScoresSync {
  const doc = createScoresDoc()
  const socket = openTokenSocket({
    room: `${options.sessionId}/scores`,
    doc,
    tokens: options.tokens,
    onRefused: () => undefined,
    onAccessLost: options.onAccessLost,
  })
  let snapshot: Scores | undefined
  const listeners = new Set<() => void>()
  const onChange = () => {
    snapshot = undefined
    for (const listener of listeners) listener()
  }
  doc.on('afterTransaction', onChange)
  return {
    doc,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    getSnapshot() {
      snapshot ??= selectScores(doc)
      return snapshot
    },
    destroy() {
      doc.off('afterTransaction', onChange)
      socket.destroy()
      doc.destroy()
    },
  }
}
