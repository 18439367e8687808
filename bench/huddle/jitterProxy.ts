// A loopback TCP proxy standing in for one person's network: every chunk, in each direction, is held
// for a random 0–`jitterMs` before it is passed on (seeded, so a run can be repeated), and chunks keep
// their order: a chunk never overtakes the one before it, as on a TCP connection. WebSocket frames and
// the `GET /api/time` requests of that person go through it alike.
import { createConnection, createServer } from 'node:net'
import type { Socket } from 'node:net'
import { seededRandom } from '../canvas/shapes.ts'

export interface JitterProxy {
  port: number
  /** Chunks passed on, both directions, and their mean delay. */
  stats(): { chunks: number; meanDelayMs: number }
  close(): Promise<void>
}

/** One direction of one connection: a FIFO drained by a single timer, so order is kept. */
function delayedPipe(from: Socket, to: Socket, random: () => number, jitterMs: number, tally: Tally): void {
  const queue: { due: number; chunk: Buffer | null }[] = []
  let timer: NodeJS.Timeout | null = null
  let lastDue = 0
  const pump = (): void => {
    timer = null
    const now = performance.now()
    while (queue[0] && queue[0].due <= now) {
      const { chunk } = queue.shift() as { chunk: Buffer | null }
      if (chunk === null) to.end()
      else if (!to.destroyed) to.write(chunk)
    }
    const next = queue[0]
    if (next) timer = setTimeout(pump, Math.max(0, next.due - now))
  }
  const enqueue = (chunk: Buffer | null): void => {
    const now = performance.now()
    const delay = random() * jitterMs
    if (chunk) tally.add(delay)
    // Never before the chunk ahead of it: a late chunk holds up the ones behind it, as TCP does.
    lastDue = Math.max(lastDue, now + delay)
    queue.push({ due: lastDue, chunk })
    if (timer === null) timer = setTimeout(pump, Math.max(0, lastDue - now))
  }
  from.on('data', (chunk: Buffer) => enqueue(chunk))
  from.on('end', () => enqueue(null))
  from.on('close', () => {
    if (timer === null && queue.length === 0) to.destroy()
  })
}

class Tally {
  chunks = 0
  totalMs = 0
  add(delayMs: number): void {
    this.chunks++
    this.totalMs += delayMs
  }
}

export function startJitterProxy(
  upstreamPort: number,
  options: { jitterMs: number; seed: number },
): Promise<JitterProxy> {
  const tally = new Tally()
  const sockets = new Set<Socket>()
  let connections = 0
  const server = createServer((client) => {
    // Each connection and direction draws from its own seeded sequence.
    const seed = options.seed * 1_000 + connections++ * 2
    const upstream = createConnection({ host: '127.0.0.1', port: upstreamPort })
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true)
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      // A reset on one side ends the other; the clients see an ordinary disconnect.
      socket.on('error', () => (socket === client ? upstream : client).destroy())
    }
    delayedPipe(client, upstream, seededRandom(seed), options.jitterMs, tally)
    delayedPipe(upstream, client, seededRandom(seed + 1), options.jitterMs, tally)
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      if (typeof address !== 'object' || !address) return reject(new Error('the proxy has no port'))
      resolve({
        port: address.port,
        stats: () => ({
          chunks: tally.chunks,
          meanDelayMs: tally.chunks ? tally.totalMs / tally.chunks : NaN,
        }),
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          }),
      })
    })
  })
}
