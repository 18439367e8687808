// Samples a server's memory every ~100 ms during the fuzz part's window: RSS from /proc and the V8 heap
// in use through the server's inspector (`Runtime.getHeapUsage`: a read, no GC, no pause). The same
// sampler runs in the quiet run and the attacked one, so whatever it costs the server, both pay it.
import { WebSocket } from 'ws'
import { memory } from '../servers.ts'

export interface MemorySample {
  atMs: number
  rss: number
  heapUsed: number
}

export class MemorySampler {
  readonly samples: MemorySample[] = []
  #socket: WebSocket
  #timer: NodeJS.Timeout | null = null
  #started = performance.now()
  #rss = NaN
  #nextId = 1

  private constructor(socket: WebSocket) {
    this.#socket = socket
  }

  static async start(pid: number, inspectorUrl: string, everyMs = 100): Promise<MemorySampler> {
    const socket = new WebSocket(inspectorUrl)
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    const sampler = new MemorySampler(socket)
    socket.on('error', () => {}) // the server may exit under attack: that is reported as a crash
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { result?: { usedSize?: number } }
      const heapUsed = message.result?.usedSize
      if (typeof heapUsed !== 'number') return
      sampler.samples.push({
        atMs: Math.round(performance.now() - sampler.#started),
        rss: sampler.#rss,
        heapUsed,
      })
    })
    const sample = (): void => {
      try {
        sampler.#rss = memory(pid).rss
      } catch {
        return // the process is gone
      }
      if (socket.readyState === socket.OPEN)
        socket.send(JSON.stringify({ id: sampler.#nextId++, method: 'Runtime.getHeapUsage' }))
    }
    sample()
    sampler.#timer = setInterval(sample, everyMs)
    return sampler
  }

  /** The highest RSS and heap sampled (NaN without samples). */
  get peak(): { rss: number; heapUsed: number } {
    const highest = (values: number[]): number => (values.length > 0 ? Math.max(...values) : NaN)
    return {
      rss: highest(this.samples.map((s) => s.rss)),
      heapUsed: highest(this.samples.map((s) => s.heapUsed)),
    }
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
    if (this.#socket.readyState === this.#socket.OPEN) {
      const closed = new Promise((resolve) => this.#socket.once('close', resolve))
      this.#socket.close()
      await closed
    }
  }
}
