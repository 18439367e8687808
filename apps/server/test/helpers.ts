import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { DatabaseSync } from 'node:sqlite'
import { BOARD_RECORDS } from '@session-board/board'
import { healthSchema } from '@session-board/protocol'
import type { Health } from '@session-board/protocol'
import { inject } from 'vitest'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { ServerOptions } from '../src/config.ts'
import type { LogLevel } from '../src/log.ts'
import type { VideoConfig } from '../src/livekit/videoConfig.ts'
import type { RunningServer } from '../src/server.ts'
import { startServer } from '../src/server.ts'
import { updatesInOrder } from '../src/store/types.ts'
import { startProxy } from './multiInstance/proxy.ts'
import { dropDatabase, freshDatabase } from './services/postgres.ts'

const serverEntry = resolve(import.meta.dirname, '../src/index.ts')

/** Runs cleanups in reverse order of registration; call `run` in afterEach. */
export function createCleanup() {
  const tasks: Array<() => unknown> = []
  return {
    add: (task: () => unknown) => tasks.push(task),
    run: async () => {
      while (tasks.length > 0) await tasks.pop()?.()
    },
  }
}

export async function makeTempDir(cleanup: ReturnType<typeof createCleanup>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'session-board-'))
  cleanup.add(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/**
 * The store the in-process test servers use. The vitest project `postgres` sets BOARD_TEST_STORE to
 * run the server suites again with every test server as two instances on the run's PostgreSQL and
 * Redis, behind a proxy that hands each new connection to the next instance in turn.
 */
export const testStore: 'sqlite' | 'postgres' =
  process.env.BOARD_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite'

/**
 * A real server in this process, on a free port, quiet, with a short eviction delay. The sync-core
 * tests run it with no extensions (anyone in, any write); the access tests pass `extensions: 'secure'`.
 * In the `postgres` project it is two instances behind a round-robin proxy: `url` and `port` are the
 * proxy's, everything else (registry, access, store) is the first instance's.
 */
export async function startTestServer(
  cleanup: ReturnType<typeof createCleanup>,
  options: Partial<ServerOptions> = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? (await makeTempDir(cleanup))
  const settings: ServerOptions = {
    host: '127.0.0.1',
    port: 0,
    // TEST_LOG=warn (or info, debug) shows the test servers' logs when a test needs looking into.
    logLevel: (process.env.TEST_LOG as LogLevel | undefined) ?? 'silent',
    evictAfterMs: 100,
    extensions: [],
    ...options,
    dataDir,
  }
  if (testStore === 'sqlite' || options.store || options.fanout) {
    const server = await startServer(settings)
    cleanup.add(() => server.close())
    return server
  }
  // Servers started on one data directory (a restart, or two on one file) share one database.
  const shared = await sharedServices(cleanup, dataDir)
  const instance = (name: string, video?: VideoConfig) =>
    startServer({
      ...settings,
      ...shared,
      // The proxy takes the port asked for; the instances take free ones.
      port: 0,
      instanceId: `${name}-${randomUUID().slice(0, 8)}`,
      ...(video ? { video } : {}),
    })
  const one = await instance('one')
  let two: RunningServer
  try {
    // One LiveKit for both, as in a deployment: the second instance uses the one the first started.
    const video: VideoConfig | undefined =
      settings.video?.mode === 'local'
        ? one.liveKit
          ? { mode: 'livekit', settings: one.liveKit }
          : { mode: 'off', reason: 'the first instance has no LiveKit' }
        : undefined
    two = await instance('two', video)
  } catch (error) {
    await one.close()
    throw error
  }
  const proxy = await startProxy([one.port, two.port], settings.port ?? 0)
  let closing: Promise<void> | null = null
  const server: RunningServer = {
    ...one,
    url: proxy.url,
    port: Number(new URL(proxy.url).port),
    close: () => {
      closing ??= (async () => {
        await proxy.close()
        await Promise.all([two.close(), one.close()])
      })()
      return closing
    },
  }
  instancesBehind.set(server, [one, two])
  cleanup.add(() => server.close())
  return server
}

/** The instances behind a test server of the `postgres` project. */
const instancesBehind = new WeakMap<RunningServer, RunningServer[]>()

/** Every instance serving `server`'s boards: itself, or in the `postgres` project the two behind it. */
export const instancesOf = (server: RunningServer): RunningServer[] => instancesBehind.get(server) ?? [server]

/**
 * The audit trail as a reader sees it once every instance has written what it recorded. Each instance
 * queues its entries for a moment; one instance's read flushes only its own queue, so a refusal just
 * recorded by the other one could be missing from it.
 */
export function auditOf(
  server: RunningServer,
): Pick<RunningServer['access']['audit'], 'forSession' | 'forActor'> {
  const written = () => Promise.all(instancesOf(server).map((instance) => instance.access.audit.flush()))
  return {
    async forSession(sessionId) {
      await written()
      return server.access.audit.forSession(sessionId)
    },
    async forActor(actorId) {
      await written()
      return server.access.audit.forActor(actorId)
    },
  }
}

const databasesByDataDir = new Map<string, Pick<ServerOptions, 'database' | 'redis'>>()

async function sharedServices(
  cleanup: ReturnType<typeof createCleanup>,
  dataDir: string,
): Promise<Pick<ServerOptions, 'database' | 'redis'>> {
  const known = databasesByDataDir.get(dataDir)
  if (known) return known
  const url = await freshDatabase('suite')
  const services = {
    database: { url, poolMax: 4 },
    redis: { url: inject('redisUrl'), prefix: `t${randomUUID().slice(0, 12)}` },
  }
  databasesByDataDir.set(dataDir, services)
  cleanup.add(async () => {
    databasesByDataDir.delete(dataDir)
    await dropDatabase(url)
  })
  return services
}

export type Client = { doc: Y.Doc; provider: WebsocketProvider }

/** The unmodified y-websocket client over `ws`, as a browser would connect (no BroadcastChannel). */
export function connectClient(
  cleanup: ReturnType<typeof createCleanup>,
  serverUrl: string,
  sessionId: string,
  options: { shouldReconnect?: () => boolean; params?: Record<string, string> } = {},
): Client {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`${serverUrl.replace(/^http/, 'ws')}sync`, sessionId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // In one process, BroadcastChannel would sync the clients without the server and prove nothing.
    disableBc: true,
    ...(options.shouldReconnect ? { shouldReconnect: options.shouldReconnect } : {}),
    // The secure server's door reads the connect token from the query, as the web app sends it.
    ...(options.params ? { params: options.params } : {}),
  })
  cleanup.add(() => {
    provider.destroy()
    doc.destroy()
  })
  return { doc, provider }
}

export function waitSynced(client: Client, timeoutMs = 10_000): Promise<void> {
  if (client.provider.synced) return Promise.resolve()
  return nextSync(client, timeoutMs, 'the client to sync')
}

/** Resolves at the client's next sync, e.g. once it is back after a drop or a restart. */
export function nextSync(client: Client, timeoutMs: number, what: string): Promise<void> {
  return withTimeout(
    new Promise<void>((resolve) => {
      const onSync = (synced: boolean) => {
        if (!synced) return
        client.provider.off('sync', onSync)
        resolve()
      }
      client.provider.on('sync', onSync)
    }),
    timeoutMs,
    what,
  )
}

/**
 * The name a board is stored under: a session's board is its couple's document (other ids, e.g. of
 * the sync core's open test rooms, name their own document).
 */
export function boardName(dataDir: string, id: string): string {
  const db = new DatabaseSync(join(dataDir, 'board.sqlite'), { readOnly: true })
  try {
    const hasCouples = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'couples'")
      .get()
    const row = hasCouples ? db.prepare('SELECT couple_id FROM sessions WHERE id = ?').get(id) : undefined
    return typeof row?.couple_id === 'string' ? row.couple_id : id
  } finally {
    db.close()
  }
}

/** How many updates the server's log holds for a session's board (its couple's plan), in its own store. */
export async function storedUpdateCount(server: RunningServer, sessionId: string): Promise<number> {
  const session = await server.access.sessions.byId(sessionId)
  return (await server.store.load(session?.coupleId ?? sessionId)).updates.length
}

/** Resolves once `check` is true, re-checking after each update of `doc`. */
export function waitForDoc(
  doc: Y.Doc,
  check: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  if (check()) return Promise.resolve()
  let listener = () => {}
  const done = new Promise<void>((resolve) => {
    listener = () => {
      if (check()) resolve()
    }
    doc.on('afterTransaction', listener)
  })
  return withTimeout(done, timeoutMs, what).finally(() => doc.off('afterTransaction', listener))
}

/** For conditions with no event to listen to (server state seen through /health): polls briefly. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)),
      timeoutMs,
    )
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

export async function getHealth(serverUrl: string): Promise<Health> {
  const response = await fetch(`${serverUrl}health`)
  return healthSchema.parse(await response.json())
}

/** A bare websocket to the sync endpoint, for sending frames no real client would send. */
export async function openRawSocket(
  cleanup: ReturnType<typeof createCleanup>,
  serverUrl: string,
  sessionId: string,
): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}sync/${sessionId}`)
  // Writes after the server closed may fail with EPIPE; that is expected here.
  ws.on('error', () => {})
  cleanup.add(() => ws.terminate())
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  await withTimeout(new Promise((resolve) => ws.once('open', resolve)), 10_000, 'the raw socket to open')
  return { ws, closed }
}

export type ServerProcess = {
  url: string
  child: ChildProcess
  exited: Promise<number | null>
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string
}

/** Starts `node apps/server/src/index.ts` and waits for its "is up at" line to learn the URL. */
export async function spawnServer(
  cleanup: ReturnType<typeof createCleanup>,
  env: Record<string, string>,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [serverEntry], {
    // Open access unless the test says otherwise: the durability tests exercise the sync core alone.
    // No video: these tests are about the board, and many servers run at once.
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      SYNC_OPEN_ACCESS: '1',
      LIVEKIT_LOCAL: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  cleanup.add(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
  })
  let stderr = ''
  let output = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
    output += chunk.toString()
  })
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const lines = createInterface({ input: child.stdout! })
  const url = await withTimeout(
    new Promise<string>((resolve, reject) => {
      lines.on('line', (line) => {
        const match = /^Session board is up at (http:\/\/\S+)$/.exec(line)
        if (match?.[1]) resolve(match[1])
      })
      void exited.then((code) =>
        reject(new Error(`The server exited (${code}) before it was up:\n${stderr}`)),
      )
    }),
    20_000,
    'the server process to print its URL',
  )
  return { url, child, exited, output: () => output }
}

/**
 * Changes a session's stored board behind the server's back, as a board saved by an older server holds
 * it (values today's checks would refuse): waits until the board left memory, then appends the change.
 */
export async function changeStoredBoard(
  server: RunningServer,
  sessionId: string,
  change: (doc: Y.Doc) => void,
): Promise<void> {
  const name = (await server.access.sessions.byId(sessionId))?.coupleId ?? sessionId
  await waitFor(
    () => instancesOf(server).every((instance) => !instance.registry.isLoaded(name)),
    'the board to leave memory',
  )
  const doc = new Y.Doc()
  for (const update of updatesInOrder(await server.store.load(name))) Y.applyUpdate(doc, update)
  const before = Y.encodeStateVector(doc)
  change(doc)
  await server.store.append([{ documentId: name, update: Y.encodeStateAsUpdate(doc, before) }])
  doc.destroy()
}

/** Every root of the board as plain JSON: what a person can see of it, for before/after comparisons. */
export const boardState = (doc: Y.Doc) =>
  Object.fromEntries(BOARD_RECORDS.map(({ root }) => [root, doc.getMap(root).toJSON()]))

const run = promisify(execFile)

/** A PDF's text as poppler's pdftotext reads it, white space folded. */
export async function pdfText(cleanup: ReturnType<typeof createCleanup>, pdf: Uint8Array): Promise<string> {
  const file = join(await makeTempDir(cleanup), 'summary.pdf')
  await writeFile(file, pdf)
  const { stdout } = await run('pdftotext', ['-layout', file, '-'], { maxBuffer: 64 * 1024 * 1024 })
  return stdout.replace(/\s+/g, ' ')
}
