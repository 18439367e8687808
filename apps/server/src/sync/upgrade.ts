import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { MAX_FRAME_BYTES, SYNC_CLOSE, sessionIdSchema } from '@session-board/protocol'
import { WebSocketServer } from 'ws'
import type { WebSocket } from 'ws'
import type { Logger } from '../log.ts'
import { errorKind, errorMessage } from '../log.ts'
import { Connection } from './connection.ts'
import type { Extensions } from './extension.ts'
import { Keepalive } from './keepalive.ts'
import type { DocumentRegistry } from './registry.ts'
import { noteSocket } from './sendTogether.ts'

export type SyncUpgradeOptions = {
  registry: DocumentRegistry
  extensions: Extensions
  keepaliveMs: number
  log: Logger
}

export type SyncEndpoint = {
  /** Closes every sync socket with `code` and waits (at most `timeoutMs`) for them to be gone. */
  closeAll: (code: number, reason: string, timeoutMs: number) => Promise<void>
}

const syncPath = /^\/sync\/([^/]+)(?:\/(notes|scores))?$/

/**
 * Serves `/sync/:sessionId` (the board), `/sync/:sessionId/notes` (the therapist's notes) and
 * `/sync/:sessionId/scores` (the connecting partner's own private scores) on the http server's upgrade
 * event. Order matters: the session id is
 * checked, then `authenticate` runs, and only then does the document load and its first byte flow.
 *
 * A malformed session id is accepted and then closed with SYNC_CLOSE.badSessionId (4400), rather than
 * refused with HTTP 400: the y-websocket client sees a refused upgrade as a network failure and retries
 * for ever, while a 44xx close stops it and hands the reason to the UI. Authentication refusals do the
 * same with their own 44xx code.
 */
export function attachSyncEndpoint(server: Server, options: SyncUpgradeOptions): SyncEndpoint {
  const { registry, extensions, log } = options
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
  const keepalive = new Keepalive(options.keepaliveMs)
  const sockets = new Set<WebSocket>()
  let closing = false

  const accept = (
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    onOpen: (ws: WebSocket) => void,
  ) => {
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws)
      noteSocket(ws, socket)
      ws.on('close', () => sockets.delete(ws))
      keepalive.watch(ws)
      onOpen(ws)
    })
  }

  const startSession = (ws: WebSocket, sessionId: string, connection: Connection) => {
    let joined = false
    connection.onClose(() => {
      registry.leave(connection)
      if (joined) extensions.onLeave(connection.participant)
    })
    registry.join(connection).then(
      (document) => {
        if (!document) return
        joined = true
        extensions.onJoin(connection.participant)
        connection.attach(document)
      },
      (error: unknown) => {
        log.error('sync.load_failed', { sessionId, error: errorMessage(error) })
        ws.close(1011, 'The session could not be loaded.')
      },
    )
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until ws owns the socket, a reset by the peer must not become an uncaught exception.
    const ignoreSocketError = (): void => {}
    socket.on('error', ignoreSocketError)
    const match = syncPath.exec(new URL(request.url ?? '/', 'http://localhost').pathname)
    if (!match?.[1]) return refuse(socket, 404, 'Not Found')
    if (closing) return refuse(socket, 503, 'Service Unavailable')
    // Before any work: an address that probed too many made-up sessions waits, refused over HTTP.
    const waitMs = extensions.throttle(request)
    if (waitMs > 0) return refuseTooMany(socket, waitMs)
    const sessionId = sessionIdSchema.safeParse(safeDecode(match[1]))
    if (!sessionId.success) {
      return accept(request, socket, head, (ws) =>
        ws.close(SYNC_CLOSE.badSessionId.code, SYNC_CLOSE.badSessionId.reason),
      )
    }
    const target = match[2] === 'notes' || match[2] === 'scores' ? match[2] : 'board'
    extensions.authenticate(request, sessionId.data, target).then(
      (verdict) => {
        if (socket.destroyed) return
        socket.off('error', ignoreSocketError)
        accept(request, socket, head, (ws) => {
          if (!verdict.ok) return ws.close(verdict.code, verdict.reason)
          const connection = new Connection(
            ws,
            sessionId.data,
            verdict.identity,
            extensions,
            log,
            target,
            verdict.documentName ?? null,
          )
          log.debug('sync.connected', { connection: connection.id, sessionId: sessionId.data, target })
          startSession(ws, sessionId.data, connection)
        })
      },
      (error: unknown) => {
        // The kind only: the door reads the request (its URL, cookies and token), which a message could quote.
        log.error('sync.authenticate_failed', { sessionId: sessionId.data, error: errorKind(error) })
        refuse(socket, 500, 'Internal Server Error')
      },
    )
  })

  return {
    closeAll: async (code, reason, timeoutMs) => {
      closing = true
      keepalive.stop()
      const closed = [...sockets].map(
        (ws) => new Promise<void>((resolve) => ws.once('close', () => resolve())),
      )
      for (const ws of sockets) ws.close(code, reason)
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs)
      })
      await Promise.race([Promise.all(closed), timeout])
      clearTimeout(timer)
      // A peer that did not answer the close handshake in time is cut off.
      for (const ws of sockets) ws.terminate()
      wss.close()
    },
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  if (!socket.destroyed)
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

/** 429 with Retry-After, and the API's {code, message} for anyone who reads the body. */
function refuseTooMany(socket: Duplex, waitMs: number): void {
  const minutes = Math.ceil(waitMs / 60_000)
  const body = JSON.stringify({
    code: 'too_many_attempts',
    message: `Too many connections to sessions that do not exist came from your address. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
  })
  if (socket.destroyed) return
  socket.end(
    `HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: ${Math.ceil(waitMs / 1000)}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
