import { createBoardDoc, createBoardStore, createUndo, selectSessionStatus } from '@session-board/board'
import type { BoardDoc, BoardStore, SessionStatus, UndoHistory } from '@session-board/board'
import type { Presence, Refusal } from '@session-board/protocol'
import type { WebsocketProvider } from 'y-websocket'
import { createConnectionStore } from './connection.ts'
import type { ConnectionStore } from './connection.ts'
import type { TokenSource } from './connectToken.ts'
import { startServerClock } from './serverClock.ts'
import type { ServerClockStore } from './serverClock.ts'
import { openTokenSocket } from './tokenSocket.ts'

/** Whether the session is open or ended, read live from the document. */
export interface StatusStore {
  subscribe(listener: () => void): () => void
  getSnapshot(): SessionStatus
}

/** One open session: the shared document, its live connection, and who is here. */
export interface SessionSync {
  doc: BoardDoc
  provider: WebsocketProvider
  board: BoardStore
  status: StatusStore
  connection: ConnectionStore
  /** This person's own undo and redo; others' changes are never in it. */
  undo: UndoHistory
  /** This device's offset to the server's clock, which `boardClock` counts the huddle down with. */
  clock: ServerClockStore
  destroy(): void
}

export interface OpenSessionOptions {
  sessionId: string
  presence: Presence
  tokens: TokenSource
  /** The server refused a change and closed the socket: the caller rebuilds the board from the server. */
  onRefused: (refusal: Refusal) => void
  /** The credentials behind the board are gone (signed out, link withdrawn). */
  onAccessLost: () => void
}

function createStatusStore(doc: BoardDoc): StatusStore {
  return {
    subscribe(listener) {
      doc.on('afterTransaction', listener)
      return () => doc.off('afterTransaction', listener)
    },
    getSnapshot: () => selectSessionStatus(doc),
  }
}

export function openSession(options: OpenSessionOptions): SessionSync {
  const { sessionId, presence, tokens } = options
  // Started first, so the offset is being measured while the socket connects and syncs.
  const clock = startServerClock()
  const doc = createBoardDoc()
  const socket = openTokenSocket({
    room: sessionId,
    doc,
    tokens,
    onRefused: options.onRefused,
    onAccessLost: options.onAccessLost,
  })
  const { provider } = socket

  // Presence lives in awareness only: it is never written into the document.
  provider.awareness.setLocalStateField('user', presence)
  const board = createBoardStore(doc)
  const status = createStatusStore(doc)
  const connection = createConnectionStore(doc, provider)
  const undo = createUndo(doc, { role: presence.role })
  return {
    doc,
    provider,
    board,
    status,
    connection,
    undo,
    clock,
    destroy() {
      clock.stop()
      undo.destroy()
      connection.destroy()
      provider.awareness.setLocalState(null)
      socket.destroy()
      doc.destroy()
    },
  }
}
