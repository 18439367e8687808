// One client's connection to a sync server, whichever protocol the server speaks. The benchmark's clients
// (clients.ts) edit their Y.Doc and read it; the provider carries the updates:
//  - 'y-websocket': the unmodified y-websocket client, for our server and the y-websocket reference.
//  - 'hocuspocus': @hocuspocus/provider, for Hocuspocus. Its protocol is not y-websocket's: every
//    message starts with the document's name (one socket may carry several documents) and the
//    connection begins with an authentication message, so a y-websocket client cannot talk to it.
import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider'
import * as decoding from 'lib0/decoding'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'

export type SyncProtocol = 'y-websocket' | 'hocuspocus'

/** y-websocket message type our server sends right before it closes a socket whose update it refused. */
const messageRefusal = 4

export interface LinkEvents {
  /** The connection was lost (before the client was told to leave, this counts as a drop). */
  disconnected(): void
  /** The server refused the client: a 44xx close or a failed authentication, or a refusal message. */
  refused(how: 'close' | 'message', sample: string): void
}

export interface Link {
  /** True once the first sync with the server completed; false if it did not within `timeoutMs`. */
  whenSynced(timeoutMs: number): Promise<boolean>
  /** Disconnects for good (no reconnect). */
  destroy(): void
  /** True once the socket is closed after destroy(). */
  readonly closed: boolean
}

export interface LinkOptions {
  /** y-websocket: the base URL the room is appended to; Hocuspocus: the server's URL. */
  url: string
  room: string
  doc: Y.Doc
  /** Query parameters (y-websocket only: our door's `?token=`). */
  params: Record<string, string>
  events: LinkEvents
}

export function openLink(protocol: SyncProtocol, options: LinkOptions): Link {
  return protocol === 'hocuspocus' ? hocuspocusLink(options) : yWebsocketLink(options)
}

function yWebsocketLink({ url, room, doc, params, events }: LinkOptions): Link {
  const provider = new WebsocketProvider(url, room, doc, {
    // ws's class is what the provider expects of a browser WebSocket; its types differ only nominally.
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params,
  })
  provider.on('status', ({ status }) => {
    if (status === 'disconnected') events.disconnected()
  })
  provider.on('connection-close', (event) => {
    if (event && event.code >= 4400 && event.code < 4500)
      events.refused('close', `close ${event.code} ${event.reason}`)
  })
  // The app's client handles this type too; unhandled, y-websocket only logs 'Unable to compute message'.
  provider.messageHandlers[messageRefusal] = (_encoder, decoder) => {
    events.refused('message', `refusal ${decoding.readVarString(decoder)}`)
  }
  return {
    whenSynced: (timeoutMs) =>
      waitFor(
        () => provider.synced,
        (settle) => {
          const onSync = (synced: boolean): void => {
            if (synced) settle()
          }
          provider.on('sync', onSync)
          return () => provider.off('sync', onSync)
        },
        timeoutMs,
      ),
    destroy: () => provider.destroy(),
    get closed() {
      return provider.ws === null
    },
  }
}

function hocuspocusLink({ url, room, doc, events }: LinkOptions): Link {
  // The socket is made here, not by the provider, so that it is ws's, as for the y-websocket clients.
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket })
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: room,
    document: doc,
    onStatus: ({ status }) => {
      if (status === WebSocketStatus.Disconnected) events.disconnected()
    },
    onAuthenticationFailed: ({ reason }) => events.refused('close', `authentication failed: ${reason}`),
    onClose: ({ event }) => {
      if (event.code >= 4400 && event.code < 4500)
        events.refused('close', `close ${event.code} ${event.reason}`)
    },
  })
  // A provider given its socket is attached by its owner (one socket may carry several documents).
  provider.attach()
  // destroy() drops the socket's reference to its WebSocket at once, before the close handshake ends.
  let closing: { readyState: number } | null = null
  return {
    whenSynced: (timeoutMs) =>
      waitFor(
        () => provider.synced,
        (settle) => {
          const onSynced = ({ state }: { state: boolean }): void => {
            if (state) settle()
          }
          provider.on('synced', onSynced)
          return () => provider.off('synced', onSynced)
        },
        timeoutMs,
      ),
    destroy: () => {
      closing = socket.webSocket
      provider.destroy()
      socket.destroy()
    },
    get closed() {
      return closing === null || closing.readyState === WebSocket.CLOSED
    },
  }
}

/** Resolves true once `done()` holds (checked now, then on the events `listen` hooks up), or false at the timeout. */
function waitFor(
  done: () => boolean,
  listen: (settle: () => void) => () => void,
  timeoutMs: number,
): Promise<boolean> {
  if (done()) return Promise.resolve(true)
  return new Promise((resolve) => {
    const finish = (ok: boolean): void => {
      clearTimeout(timer)
      unlisten()
      resolve(ok)
    }
    const timer = setTimeout(() => finish(false), timeoutMs)
    const unlisten = listen(() => finish(true))
  })
}
