// Starts each server under test in its own child process and reads its CPU and memory from /proc, so
// the numbers belong to the server alone and not to the clients or this orchestrator.
import { spawn, execFileSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, statSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const serverKinds = ['ours', 'ours-secure', 'ref-leveldb', 'ref-memory', 'ref-relay'] as const
export type ServerKind = (typeof serverKinds)[number]
/** Our server, with open hooks (ours) or exactly as in production (ours-secure). */
export const isOurs = (kind: ServerKind): boolean => kind === 'ours' || kind === 'ours-secure'

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..')
const refServerBin = join(repoRoot, 'bench/node_modules/@y/websocket-server/src/server.js')
const ourServerEntry = join(repoRoot, 'apps/server/src/server.ts')
const ourLauncher = join(repoRoot, 'bench/our-server.ts')
const relayServer = join(repoRoot, 'bench/relay-server.ts')
const ourProductionEntry = join(repoRoot, 'apps/server/src/index.ts')
const profileExit = pathToFileURL(join(repoRoot, 'bench/profileExit.mjs')).href
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100

export interface RunningServer {
  kind: ServerKind
  pid: number
  /** Base URL for WebsocketProvider: the provider appends `/<room>`. */
  wsBase: string
  dataDir: string | null
  /** Our server's GET /health (documents loaded, connections); null for the reference. */
  healthUrl: string | null
  /** Our server's origin for the REST API (set-up of ours-secure); null for the reference. */
  httpBase: string | null
  /** The inspector's websocket, used only by gcprobe.ts after the measurements it could disturb. */
  inspectorUrl(): string | null
  exitInfo(): string | null
  logTail(): string
  stop(): Promise<void>
  /** Removes the data directory; separate from stop() so storage can be read back in between. */
  cleanUp(): void
}

export function ourServerAvailable(): boolean {
  try {
    return statSync(ourServerEntry).isFile()
  } catch {
    return false
  }
}

/** utime + stime of every thread of the process (LevelDB and libuv work on other threads), in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name may contain spaces and parentheses, so count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / clockTicks
}

/**
 * cutime + cstime of a process: the CPU of its children that exited and were waited for, in seconds.
 * PostgreSQL's backends are the postmaster's children, and one that exits takes its CPU there.
 */
export function reapedChildrenCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[13]) + Number(fields[14])) / clockTicks
}

/** CPU seconds the whole machine spent busy (all cores), to tell how much other work ran meanwhile. */
export function hostBusySeconds(): number {
  const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .map(Number)
  // user nice system idle iowait irq softirq steal ...; idle and iowait are the only non-busy ones.
  const busy = ticks.reduce((sum, t, i) => (i === 3 || i === 4 ? sum : sum + (t || 0)), 0)
  return busy / clockTicks
}

/** VmRSS and VmHWM (peak RSS over the process's life), in bytes. */
export function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (name: string): number =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rss: kib('VmRSS') * 1024, hwm: kib('VmHWM') * 1024 }
}

export function dirBytes(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    total += entry.isDirectory() ? dirBytes(path) : statSync(path).size
  }
  return total
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

export interface StartOptions {
  startTimeoutMs?: number
  /** Extra environment for the server, e.g. WEB_DIST for the production server (canvas page loads). */
  env?: Record<string, string>
  /** `ours-secure` only: the root of another checkout whose server runs instead (`--baseline`). */
  root?: string
}

export async function startServer(kind: ServerKind, options: StartOptions = {}): Promise<RunningServer> {
  const dataDir =
    kind === 'ref-memory' || kind === 'ref-relay' ? null : mkdtempSync(join(tmpdir(), `board-bench-${kind}-`))
  // The benchmarks measure the board; no server of theirs starts a video server.
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', LIVEKIT_LOCAL: '0' }
  delete env.NODE_OPTIONS
  let args: string[]
  let cwd: string
  let ready: RegExp
  if (kind === 'ours') {
    args = [ourLauncher, dataDir as string]
    cwd = repoRoot
    ready = /Session board is up at http:\/\/[^:/]+:(\d+)\//
  } else if (kind === 'ours-secure') {
    // `pnpm start` as deployed: index.ts reads its environment (NODE_ENV=production also serves the
    // built web app, if any; it is not in the benchmark's path). The secure hooks are its default; the
    // signing key is generated into the data directory. Logging at warn, like `ours`: at info it logs
    // each join and leave (outside the edit window either way).
    for (const name of ['SYNC_OPEN_ACCESS', 'BOARD_SECRET', 'PUBLIC_URL', 'SECURE_COOKIES', 'TRUST_PROXY'])
      delete env[name]
    Object.assign(env, { NODE_ENV: 'production', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn' })
    args = [options.root ? join(options.root, 'apps/server/src/index.ts') : ourProductionEntry]
    cwd = options.root ?? repoRoot
    ready = /Session board is up at http:\/\/[^:/]+:(\d+)\//
  } else if (kind === 'ref-relay') {
    args = [relayServer]
    cwd = repoRoot
    ready = /running at '[^']+' on port (\d+)/
  } else {
    // The reference server takes PORT literally and prints it, so pick a free one first.
    env.PORT = String(await freePort())
    if (dataDir) env.YPERSISTENCE = dataDir
    else delete env.YPERSISTENCE
    args = [refServerBin]
    cwd = dirname(refServerBin)
    ready = /running at '[^']+' on port (\d+)/
  }

  Object.assign(env, options.env)
  const child = await spawnServer({
    label: kind,
    args,
    cwd,
    env,
    ready,
    startTimeoutMs: options.startTimeoutMs,
  })
  const ours = isOurs(kind)
  const port = child.port
  const wsBase = ours ? `ws://127.0.0.1:${port}/sync` : `ws://127.0.0.1:${port}`
  return {
    kind,
    pid: child.pid,
    wsBase,
    healthUrl: ours ? `http://127.0.0.1:${port}/health` : null,
    httpBase: ours ? `http://127.0.0.1:${port}` : null,
    dataDir,
    inspectorUrl: child.inspectorUrl,
    exitInfo: child.exitInfo,
    logTail: child.logTail,
    stop: child.stop,
    cleanUp: () => {
      if (dataDir && !process.env.BENCH_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface SpawnOptions {
  /** Names the server in errors. */
  label: string
  /** Node's arguments after `--inspect`: the script and its own arguments. */
  args: string[]
  cwd: string
  env: NodeJS.ProcessEnv
  /** Matched against the server's output; its first group is the port it listens on. */
  ready: RegExp
  startTimeoutMs?: number
}

/** A server in its own Node process, once it printed its port. */
export interface ChildServer {
  pid: number
  port: number
  /** The inspector's websocket, used only by gcprobe.ts after the measurements it could disturb. */
  inspectorUrl(): string | null
  exitInfo(): string | null
  logTail(): string
  stop(): Promise<void>
}

/**
 * Starts `node --inspect=127.0.0.1:0 <args>` and resolves once its output matches `ready`; a server that
 * exits or stays silent past the timeout is killed and the promise rejects with its last log lines.
 */
export async function spawnServer(options: SpawnOptions): Promise<ChildServer> {
  const { label, args, cwd, env, ready } = options
  // The inspector listens on a free loopback port; no client attaches to it until gcprobe.ts does.
  // BENCH_CPU_PROF=<dir> also writes each server's V8 CPU profile there when it exits (for profiling only).
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--import=${profileExit}`]
    : []
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', ...profile, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const log: string[] = []
  let exit: string | null = null
  let inspectorUrl: string | null = null
  const remember = (chunk: Buffer): void => {
    inspectorUrl ??= /Debugger listening on (ws:\/\/\S+)/.exec(chunk.toString())?.[1] ?? null
    for (const line of chunk.toString().split('\n')) if (line.trim()) log.push(line)
    if (log.length > 60) log.splice(0, log.length - 60)
  }
  child.stdout?.on('data', remember)
  child.stderr?.on('data', remember)
  child.on('exit', (code, signal) => (exit = `exited with ${signal ?? `code ${code}`}`))

  const port = await new Promise<number>((resolve, reject) => {
    const timeoutMs = options.startTimeoutMs ?? 20_000
    const timer = setTimeout(() => fail(`${label} did not start within ${timeoutMs} ms`), timeoutMs)
    // Registered after `remember`, so the log already holds this chunk.
    const onData = (): void => {
      const match = ready.exec(log.join('\n'))
      if (!match) return
      cleanUp()
      resolve(Number(match[1]))
    }
    const onExit = (): void => fail(`${label} exited during start-up`)
    const cleanUp = (): void => {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.off('exit', onExit)
    }
    const fail = (message: string): void => {
      cleanUp()
      child.kill('SIGKILL')
      reject(new Error(`${message}\n${log.join('\n')}`))
    }
    child.stdout?.on('data', onData)
    child.once('exit', onExit)
  })

  return {
    pid: child.pid as number,
    port,
    inspectorUrl: () => inspectorUrl,
    exitInfo: () => exit,
    logTail: () => log.slice(-20).join('\n'),
    stop: () => stopChild(child),
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.kill('SIGTERM')
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000).unref())
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      child.kill('SIGKILL')
      await exited
    }
  }
}

/** Samples RSS every `everyMs` so a peak between two reads of VmHWM is still attributed to its phase. */
export class RssSampler {
  samples: { atMs: number; rss: number }[] = []
  peak = 0
  private timer: NodeJS.Timeout | null = null
  private readonly pid: number
  private readonly startedAt = performance.now()

  constructor(pid: number, everyMs = 250) {
    this.pid = pid
    this.timer = setInterval(() => this.sample(), everyMs)
    this.sample()
  }

  sample(): number {
    try {
      const { rss } = memory(this.pid)
      this.samples.push({ atMs: Math.round(performance.now() - this.startedAt), rss })
      this.peak = Math.max(this.peak, rss)
      return rss
    } catch {
      return NaN // the process is gone; the caller learns that from exitInfo()
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }
}
