import { type ChildProcess, spawn } from 'node:child_process'
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { onFreePort } from './freePort.ts'

export type RunningRedis = {
  url: string
  port: number
  /** Stops the server (SIGTERM) and waits until it has exited; its data is gone. */
  stop: () => Promise<void>
  /** Starts it again on the same port, empty, as after a restart. */
  start: () => Promise<void>
}

/**
 * True when the server on `port` answers PING with PONG (not an error such as -LOADING) and is the
 * process `pid`: if another process took the port first, its answer must not count as ours.
 */
function answersPing(port: number, pid: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    let answer = ''
    const settle = (ready: boolean) => {
      socket.destroy()
      resolve(ready)
    }
    socket.setTimeout(500, () => settle(false))
    socket.once('error', () => settle(false))
    socket.once('connect', () => socket.write('PING\r\nINFO server\r\n'))
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1')
      if (!answer.startsWith('+PONG\r\n')) {
        if (answer.includes('\r\n')) settle(false)
        return
      }
      const line = /process_id:(\d+)\r\n/.exec(answer)
      if (line) settle(Number(line[1]) === pid)
    })
  })
}

/** A redis-server child that keeps nothing on disk, ready when it answers PING. */
async function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  // Kept for the error message if it fails to start; read in any case so a full pipe never blocks it.
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-2000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let exited = false
  child.once('exit', () => {
    exited = true
  })
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve)
    child.once('error', reject)
  })
  await spawned.catch((error: unknown) => {
    throw new Error(`redis-server could not be run (is it installed?): ${String(error)}`)
  })
  const deadline = Date.now() + 10_000
  while (!exited && Date.now() < deadline) {
    if (child.pid !== undefined && (await answersPing(port, child.pid))) return child
    await sleep(20)
  }
  child.kill('SIGKILL')
  throw new Error(`redis-server did not start on port ${port}:\n${output}`)
}

function stopped(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill(signal)
  })
}

/** A redis-server on a free loopback port. The process 'exit' hook kills it if `stop` never ran. */
export async function startRedis(): Promise<RunningRedis> {
  const first = await onFreePort(async (port) => ({ port, child: await launch(port) }))
  const { port } = first
  let { child } = first
  const killNow = () => {
    child.kill('SIGKILL')
  }
  process.on('exit', killNow)
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await stopped(child, 'SIGTERM')
      process.off('exit', killNow)
    },
    start: async () => {
      await stopped(child, 'SIGTERM')
      child = await launch(port)
      process.on('exit', killNow)
    },
  }
}
