import { createBoardDoc, createBoardStore } from '@session-board/board'
import type { BoardDoc, BoardStore } from '@session-board/board'
import type { Presence } from '@session-board/protocol'
import { WebsocketProvider } from 'y-websocket'
import { createConnectionStore } from './connection.ts'
import type { ConnectionStore } from './connection.ts'
import { syncBaseUrl } from './env.ts'

/** One open session: the shared document, its live connection, and who is here. */
export interface SessionSync {
  doc: BoardDoc
  provider: WebsocketProvider
  board: BoardStore
  connection: ConnectionStore
  destroy(): void
}

export function openSession(sessionId: string, presence: Presence): SessionSync {
  const doc = createBoardDoc()
  // Unmodified y-websocket client; BroadcastChannel is off so every change goes through the server,
  // which checks and stores it.
  const provider = new WebsocketProvider(syncBaseUrl(), sessionId, doc, { disableBc: true })
  // Presence lives in awareness only: it is never written into the document.
  provider.awareness.setLocalStateField('user', presence)
  const board = createBoardStore(doc)
  const connection = createConnectionStore(doc, provider)
  return {
    doc,
    provider,
    board,
    connection,
    destroy() {
      connection.destroy()
      provider.awareness.setLocalState(null)
      provider.destroy()
      doc.destroy()
    },
  }
}
