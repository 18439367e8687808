// Forces a full GC in a server process through its inspector, then reads its memory. An idle Node
// process keeps its heap for a long time, so RSS alone cannot tell retained documents from memory V8
// has not given back; the heap after a forced GC can.
import { WebSocket } from 'ws'

export interface AfterGc {
  heapUsed: number
  rss: number
}

export function collectGarbage(inspectorUrl: string, timeoutMs = 10_000): Promise<AfterGc> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(inspectorUrl)
    const timer = setTimeout(() => finish(new Error('the inspector did not answer in time')), timeoutMs)
    const finish = (outcome: Error | AfterGc): void => {
      clearTimeout(timer)
      socket.close()
      if (outcome instanceof Error) reject(outcome)
      else resolve(outcome)
    }
    const call = (id: number, method: string, params: object = {}): void =>
      socket.send(JSON.stringify({ id, method, params }))
    socket.on('error', (error) => finish(error))
    // Three passes, each after the event loop had a turn: objects held only until a weak callback or a
    // finalizer ran (Node's own, and those it schedules for closed sockets) become garbage only then,
    // and back-to-back passes would count them as live.
    const passes = 3
    socket.on('open', () => call(1, 'HeapProfiler.collectGarbage'))
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: { result?: { value?: string } } }
      if (message.id === undefined) return
      if (message.id < passes) {
        const next = message.id + 1
        setTimeout(() => call(next, 'HeapProfiler.collectGarbage'), 200)
        return
      }
      if (message.id === passes) {
        call(passes + 1, 'Runtime.evaluate', {
          expression: 'JSON.stringify(process.memoryUsage())',
          returnByValue: true,
        })
        return
      }
      const value = message.result?.result?.value
      if (!value) return finish(new Error('the inspector returned no memory usage'))
      const usage = JSON.parse(value) as { heapUsed: number; rss: number }
      finish({ heapUsed: usage.heapUsed, rss: usage.rss })
    })
  })
}
