import type { WebSocket } from 'ws'

/**
 * Pings every socket each interval and terminates one that did not answer the previous ping, so a
 * vanished laptop (no TCP close) does not keep a ghost connection, and its cursor, for ever.
 */
export class Keepalive {
  #sockets = new Map<WebSocket, { alive: boolean }>()
  #timer: NodeJS.Timeout

  constructor(intervalMs: number) {
    this.#timer = setInterval(() => this.#sweep(), intervalMs)
    this.#timer.unref()
  }

  watch(ws: WebSocket): void {
    const state = { alive: true }
    this.#sockets.set(ws, state)
    ws.on('pong', () => {
      state.alive = true
    })
    ws.on('close', () => this.#sockets.delete(ws))
  }

  stop(): void {
    clearInterval(this.#timer)
    this.#sockets.clear()
  }

  #sweep(): void {
    for (const [ws, state] of this.#sockets) {
      if (!state.alive) {
        ws.terminate()
        continue
      }
      state.alive = false
      ws.ping()
    }
  }
}
