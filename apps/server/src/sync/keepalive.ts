import type { WebSocket } from 'ws'

/**
 * Sockets are pinged in this many slices, one slice per tick, so each still hears a ping once an
 * interval but no tick pings them all: at 1,500 sockets, one sweep of all of them held the event loop
 * for about 23 ms, which every edit on the instance waited out.
 */
const SLICES = 30

/**
 * Pings every socket each interval and terminates one that did not answer the previous ping, so a
 * vanished laptop (no TCP close) does not keep a ghost connection, and its cursor, for ever.
 */
export class Keepalive {
  #slices = Array.from({ length: SLICES }, () => new Map<WebSocket, { alive: boolean }>())
  #nextSlice = 0
  #tick = 0
  #timer: NodeJS.Timeout

  constructor(intervalMs: number) {
    this.#timer = setInterval(() => this.#sweep(), intervalMs / SLICES)
    this.#timer.unref()
  }

  watch(ws: WebSocket): void {
    const state = { alive: true }
    const slice = this.#slices[this.#nextSlice++ % SLICES] as Map<WebSocket, { alive: boolean }>
    slice.set(ws, state)
    ws.on('pong', () => {
      state.alive = true
    })
    ws.on('close', () => slice.delete(ws))
  }

  stop(): void {
    clearInterval(this.#timer)
    for (const slice of this.#slices) slice.clear()
  }

  /** One slice: each of its sockets is visited once an interval. */
  #sweep(): void {
    const slice = this.#slices[this.#tick++ % SLICES] as Map<WebSocket, { alive: boolean }>
    for (const [ws, state] of slice) {
      if (!state.alive) {
        ws.terminate()
        continue
      }
      state.alive = false
      ws.ping()
    }
  }
}
