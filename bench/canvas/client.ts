// One unmodified y-websocket client in Node (as bench/clients.ts makes them), counting what the server
// refused: 44xx closes (door or write rules) and our server's refusal messages (type 4).
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'

/** y-websocket message type our server sends right before it closes a socket whose update it refused. */
const messageRefusal = 4

export interface SyncClient {
  doc: Y.Doc
  provider: WebsocketProvider
  refused: { closes: number; messages: number; sample: string | null }
  disconnects: number
  destroy(): void
}

export function connectClient(wsBase: string, room: string, token: string | null): SyncClient {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(wsBase, room, doc, {
    // ws's class is what the provider expects of a browser WebSocket; its types differ only nominally.
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: token ? { token } : {},
  })
  const client: SyncClient = {
    doc,
    provider,
    refused: { closes: 0, messages: 0, sample: null },
    disconnects: 0,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
  provider.on('status', ({ status }) => {
    if (status === 'disconnected') client.disconnects++
  })
  provider.on('connection-close', (event) => {
    if (!event || event.code < 4400 || event.code >= 4500) return
    client.refused.closes++
    client.refused.sample ??= `close ${event.code} ${event.reason}`
  })
  provider.messageHandlers[messageRefusal] = (_encoder, decoder) => {
    client.refused.messages++
    client.refused.sample ??= `refusal ${decoding.readVarString(decoder)}`
  }
  return client
}

export function whenSynced(client: SyncClient, timeoutMs: number): Promise<void> {
  const { provider } = client
  if (provider.synced) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      provider.off('sync', onSync)
      reject(new Error(`a client did not sync within ${timeoutMs} ms` + refusalNote(client)))
    }, timeoutMs)
    const onSync = (synced: boolean): void => {
      if (!synced) return
      clearTimeout(timer)
      provider.off('sync', onSync)
      resolve()
    }
    provider.on('sync', onSync)
  })
}

/** Polls `ready` every 20 ms until it holds or `timeoutMs` passed; says which in the result. */
export async function waitFor(ready: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  while (!ready()) {
    if (performance.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return true
}

export const refusalNote = (client: SyncClient): string =>
  client.refused.sample ? ` (server refused: ${client.refused.sample})` : ''
