import type { BoardDoc, NotesDoc } from '@session-board/board'
import { MESSAGE_REFUSAL, SYNC_CLOSE } from '@session-board/protocol'
import type { Refusal } from '@session-board/protocol'
import { WebsocketProvider } from 'y-websocket'
import { ApiFailure } from './api.ts'
import type { TokenSource } from './connectToken.ts'
import { REFRESH_MARGIN_MS } from './connectToken.ts'
import { syncBaseUrl } from './env.ts'
import { readRefusal } from './refusal.ts'
import type { MessageDecoder } from './refusal.ts'

export interface TokenSocketOptions {
  /** `sessionId` for the board, `sessionId/notes` for the therapist's notes. */
  room: string
  doc: BoardDoc | NotesDoc
  tokens: TokenSource
  /** The server refused a change and closed the socket. */
  onRefused: (refusal: Refusal) => void
  /** The credentials behind the socket are gone (signed out, link withdrawn). */
  onAccessLost: () => void
}

export interface TokenSocket {
  provider: WebsocketProvider
  destroy(): void
}

/**
 * An unmodified y-websocket provider that opens with a short-lived connect token (`?token=`) and keeps
 * it fresh: refreshed ahead of expiry, and fetched again before reconnecting with a stale one.
 */
export function openTokenSocket(options: TokenSocketOptions): TokenSocket {
  const { room, doc, tokens } = options
  // BroadcastChannel is off so every change goes through the server, which checks and stores it.
  // `params` is read again at every (re)connect.
  const provider = new WebsocketProvider(syncBaseUrl(), room, doc, {
    disableBc: true,
    params: { token: tokens.current().token },
  })
  let destroyed = false
  /** Refused or shut out: the caller decides what comes next, so going online does not reconnect. */
  let ended = false
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
      ended = true
      options.onRefused(refused)
    } else if (event.code === SYNC_CLOSE.unauthenticated.code) reconnectWithFreshToken()
    else if (event.code === SYNC_CLOSE.forbidden.code) {
      ended = true
      options.onAccessLost()
    }
  })

  // The socket can stay half-open for a while after the network drops; the browser knows sooner.
  const onOffline = () => {
    if (!destroyed && !ended) provider.disconnect()
  }
  const onOnline = () => {
    if (!destroyed && !ended) provider.connect()
  }
  window.addEventListener('offline', onOffline)
  window.addEventListener('online', onOnline)

  scheduleRefresh()
  return {
    provider,
    destroy() {
      destroyed = true
      clearTimeout(refreshTimer)
      window.removeEventListener('offline', onOffline)
      window.removeEventListener('online', onOnline)
      provider.destroy()
    },
  }
}
