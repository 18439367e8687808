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
    socket.on('open', () => {
      // Twice: the first pass can leave objects that only become unreachable once finalizers ran.
      call(1, 'HeapProfiler.collectGarbage')
      call(2, 'HeapProfiler.collectGarbage')
      call(3, 'Runtime.evaluate', {
        expression: 'JSON.stringify(process.memoryUsage())',
        returnByValue: true,
      })
    })
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: { result?: { value?: string } } }
      if (message.id !== 3) return
      const value = message.result?.result?.value
      if (!value) return finish(new Error('the inspector returned no memory usage'))
      const usage = JSON.parse(value) as { heapUsed: number; rss: number }
      finish({ heapUsed: usage.heapUsed, rss: usage.rss })
    })
  })
}
