import { createBoardDoc, createBoardStore, selectSessionStatus } from '@session-board/board'
import type { BoardDoc, BoardStore, SessionStatus } from '@session-board/board'
import { MESSAGE_REFUSAL, SYNC_CLOSE } from '@session-board/protocol'
import type { Presence, Refusal } from '@session-board/protocol'
import { WebsocketProvider } from 'y-websocket'
import { ApiFailure } from './api.ts'
import { createConnectionStore } from './connection.ts'
import type { ConnectionStore } from './connection.ts'
import type { TokenSource } from './connectToken.ts'
import { REFRESH_MARGIN_MS } from './connectToken.ts'
import { syncBaseUrl } from './env.ts'
import { readRefusal } from './refusal.ts'
import type { MessageDecoder } from './refusal.ts'

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
  const doc = createBoardDoc()
  // Unmodified y-websocket client; BroadcastChannel is off so every change goes through the server,
  // which checks and stores it. `params` is read again at every (re)connect.
  const provider = new WebsocketProvider(syncBaseUrl(), sessionId, doc, {
    disableBc: true,
    params: { token: tokens.current().token },
  })
  let destroyed = false
  let refusal: Refusal | null = null
  let refreshTimer: ReturnType<typeof setTimeout> | undefined

  provider.messageHandlers[MESSAGE_REFUSAL] = (_encoder, decoder) => {
    refusal = readRefusal(decoder as unknown as MessageDecoder)
  }

  const useToken = (token: string) => {
    provider.params = { token }
  }
  const scheduleRefresh = () => {
    clearTimeout(refreshTimer)
    const wait = Math.max(5_000, tokens.current().expiresAt - Date.now() - REFRESH_MARGIN_MS)
    refreshTimer = setTimeout(() => {
      tokens
        .refresh()
        .then((fresh) => !destroyed && useToken(fresh.token))
        .catch(() => {
          // Offline or signed out: the next reconnect asks again and reports what it finds.
        })
        .finally(() => !destroyed && scheduleRefresh())
    }, wait)
  }

  /** Pauses the provider, gets a fresh token, then connects again; a lost login is reported. */
  const reconnectWithFreshToken = () => {
    provider.disconnect()
    tokens
      .refresh()
      .then((fresh) => {
        if (destroyed) return
        useToken(fresh.token)
        scheduleRefresh()
        provider.connect()
      })
      .catch((error: unknown) => {
        if (destroyed) return
        if (error instanceof ApiFailure && (error.status === 401 || error.status === 403))
          options.onAccessLost()
        else setTimeout(() => !destroyed && reconnectWithFreshToken(), 3_000)
      })
  }

  // Before an ordinary reconnect: if the token is about to expire, fetch a new one first.
  provider.on('connection-close', (event) => {
    const terminal = event && event.code >= 4400 && event.code < 4500
    if (!terminal && tokens.isStale() && window.navigator.onLine) reconnectWithFreshToken()
  })
  provider.on('closed', (event) => {
    if (destroyed) return
    if (refusal) {
      const refused = refusal
      refusal = null
      options.onRefused(refused)
    } else if (event.code === SYNC_CLOSE.unauthenticated.code) reconnectWithFreshToken()
    else if (event.code === SYNC_CLOSE.forbidden.code) options.onAccessLost()
  })

  // Presence lives in awareness only: it is never written into the document.
  provider.awareness.setLocalStateField('user', presence)
  const board = createBoardStore(doc)
  const status = createStatusStore(doc)
  const connection = createConnectionStore(doc, provider)
  scheduleRefresh()
  return {
    doc,
    provider,
    board,
    status,
    connection,
    destroy() {
      destroyed = true
      clearTimeout(refreshTimer)
      connection.destroy()
      provider.awareness.setLocalState(null)
      provider.destroy()
      doc.destroy()
    },
  }
}
