import type { Duplex } from 'node:stream'
import type { WebSocket } from 'ws'

/**
 * Frames that go out in one burst (every row of a stored batch) leave each socket in one write: its
 * socket is corked at its first frame and uncorked when the burst ends, so a peer that is sent three
 * rows costs one system call, not three. ws corks around each frame itself; the counts nest.
 */
const socketOf = new WeakMap<WebSocket, Duplex>()
let corked: Set<Duplex> | null = null

/** Remembers the TCP socket under a websocket (ws keeps its own private). */
export function noteSocket(ws: WebSocket, socket: Duplex): void {
  socketOf.set(ws, socket)
}

/** Runs `work`; whatever it sends leaves each socket in one write at the end. */
export function sendTogether(work: () => void): void {
  if (corked) return work()
  const sockets = new Set<Duplex>()
  corked = sockets
  try {
    work()
  } finally {
    corked = null
    for (const socket of sockets) socket.uncork()
  }
}

/** Called before a frame is sent on `ws`: inside a burst, its socket waits for the burst's end. */
export function holdWrites(ws: WebSocket): void {
  if (!corked) return
  const socket = socketOf.get(ws)
  if (!socket || corked.has(socket)) return
  socket.cork()
  corked.add(socket)
}
