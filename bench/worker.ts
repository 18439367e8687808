// The orchestrator's handle on one client worker process (clients.ts).
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { FromWorker, ToWorker } from './messages.ts'

const workerEntry = fileURLToPath(new URL('./clients.ts', import.meta.url))

/** A client worker with one outstanding request at a time, each bounded by a timeout. */
export class ClientWorker {
  private readonly child: ChildProcess
  private readonly inbox: FromWorker[] = []
  private waiter: (() => void) | null = null
  private readonly serverGone: () => string | null
  exited = false
  readonly pid: number

  /** `serverGone` lets a wait end early when the server died, instead of running into its timeout. */
  constructor(serverGone: () => string | null) {
    this.serverGone = serverGone
    this.child = fork(workerEntry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    this.pid = this.child.pid as number
    this.child.on('message', (message: FromWorker) => {
      this.inbox.push(message)
      this.waiter?.()
    })
    this.child.on('exit', () => {
      this.exited = true
      this.waiter?.()
    })
  }

  tell(message: ToWorker): void {
    this.child.send(message)
  }

  async reply<T extends FromWorker['type']>(
    type: T,
    timeoutMs: number,
  ): Promise<Extract<FromWorker, { type: T }>> {
    const deadline = performance.now() + timeoutMs
    for (;;) {
      const index = this.inbox.findIndex((m) => m.type === type)
      if (index >= 0) return this.inbox.splice(index, 1)[0] as Extract<FromWorker, { type: T }>
      if (this.exited) throw new Error(`client worker exited while waiting for '${type}'`)
      const gone = this.serverGone()
      if (gone) throw new Error(`server ${gone} while waiting for '${type}'`)
      const left = deadline - performance.now()
      if (left <= 0) throw new Error(`client worker gave no '${type}' within ${timeoutMs} ms`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500))
        this.waiter = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.waiter = null
    }
  }

  close(): void {
    if (this.child.connected) this.child.disconnect()
    setTimeout(() => this.child.kill('SIGKILL'), 3_000).unref()
  }
}
