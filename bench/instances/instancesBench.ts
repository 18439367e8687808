// The instances part: the sync part's edit workload (3 clients per session, each setting its own key every
// 200 ms) against one instance of our server and two, on real PostgreSQL and Redis, and against two
// instances of Hocuspocus 4 sharing the same Redis. Every server is its own process; the clients of a
// session are spread so that each session has clients on both instances. Per row: latency (all pairs,
// and those whose sender and peer are on different instances), CPU per edit of the instances, of
// PostgreSQL and of Redis, and whether every edit arrived.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { compareStored } from '../durability.ts'
import type { DurabilityCheck } from '../durability.ts'
import { editsFor } from '../edits.ts'
import { ClientFleet, mergeReports } from '../fleet.ts'
import type { MergedReport } from '../fleet.ts'
import type { SyncProtocol } from '../links.ts'
import { maxOtherCores } from '../program/otherLoad.ts'
import { cpuSeconds, hostBusySeconds, spawnServer } from '../servers.ts'
import type { ChildServer } from '../servers.ts'
import { openSessions } from '../setup.ts'
import { summarize } from '../stats.ts'
import { startServices } from './services.ts'
import type { Services } from './services.ts'

export const instancesKinds = ['ours-1', 'ours-2', 'hocuspocus-1', 'hocuspocus-2'] as const
export type InstancesKind = (typeof instancesKinds)[number]
export const defaultInstancesKinds: readonly InstancesKind[] = ['ours-1', 'ours-2', 'hocuspocus-2']

/** The latency the issue asks about: at which load p99 first goes above it. */
export const p99LimitMs = 50

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = join(here, '../..')
const edits = editsFor('bench-map')

export interface InstancesOptions {
  kinds: readonly InstancesKind[]
  sessions: readonly number[]
  seconds: number
  intervalMs: number
  workers: number
}

export interface InstancesRow extends Omit<MergedReport, 'finalSeqs'> {
  kind: InstancesKind
  instances: number
  sessions: number
  clients: number
  error: string | null
  synced: number
  connectMs: number
  sent: number
  drainComplete: boolean
  drainMs: number
  /** CPU per edit sent, in µs: the instances summed, PostgreSQL (all its processes), Redis. */
  cpuUsPerEdit: { servers: number; postgres: number; redis: number }
  /** Edits sent per PostgreSQL transaction committed in the window (ours only): how much each append batches. */
  editsPerCommit: number
  /** The instances' CPU over the window as a share of one core, each. */
  serverCpuShares: number[]
  /** Cores kept busy during the window by processes outside this part (see the sync part). */
  otherCores: number
  /** What the instances left in PostgreSQL, read back after they stopped; null for Hocuspocus. */
  stored: DurabilityCheck | null
  /** How each instance ended, read after it was stopped: 'exited with code 0', or SIGKILL 5 s after SIGTERM. */
  serverExits: (string | null)[]
  serverLogTail: string
}

export interface InstancesResult {
  options: InstancesOptions
  versions: { postgres: string; redis: string } | null
  rows: InstancesRow[]
  /** Starting PostgreSQL or Redis failed: nothing was measured. */
  error: string | null
}

export const disturbed = (row: InstancesRow): boolean => !(row.otherCores <= maxOtherCores)

/** Every edit reached both peers, every peer ended on every other client's last edit and the same state. */
export const allArrived = (row: InstancesRow): boolean =>
  row.error === null &&
  row.expected > 0 &&
  row.covered === row.expected &&
  row.peersCaughtUp === row.pairs &&
  row.converged === row.sessions &&
  row.refusedCloses + row.refusalMessages === 0 &&
  (row.stored === null || row.stored.complete === row.stored.sessions)

/**
 * The part fails when PostgreSQL or Redis did not start, or when one of our rows lost an edit or failed.
 * Hocuspocus's rows are a measurement of a peer: what they lose is reported, and fails nothing.
 */
export function instancesFailed(result: InstancesResult): boolean {
  return (
    result.error !== null ||
    result.rows.some((row) => implementationOf(row.kind) === 'ours' && !allArrived(row))
  )
}

export async function runInstancesBench(
  options: InstancesOptions,
  log: (line: string) => void,
): Promise<InstancesResult> {
  const result: InstancesResult = { options, versions: null, rows: [], error: null }
  let services: Services
  try {
    services = await startServices()
  } catch (error) {
    result.error = `PostgreSQL and Redis did not start: ${error instanceof Error ? error.message : String(error)}`
    log(`  error: ${result.error}`)
    return result
  }
  result.versions = services.versions
  log(`  PostgreSQL ${services.versions.postgres}, Redis ${services.versions.redis}`)
  try {
    for (const sessions of options.sessions) {
      for (const kind of options.kinds) {
        log(`» ${kind}, ${sessions} sessions`)
        result.rows.push(await runRow(kind, sessions, options, services, log))
      }
    }
  } finally {
    await services.stop()
  }
  return result
}

const implementationOf = (kind: InstancesKind): 'ours' | 'hocuspocus' =>
  kind.startsWith('hocuspocus') ? 'hocuspocus' : 'ours'

interface Instance {
  server: ChildServer
  wsBase: string
  dataDir: string | null
}

async function startInstance(
  kind: InstancesKind,
  index: number,
  env: Record<string, string>,
): Promise<Instance> {
  const ours = implementationOf(kind) === 'ours'
  // Ours still opens its accounts' SQLite file in a data directory, which the benchmark does not use.
  const dataDir = ours ? mkdtempSync(join(tmpdir(), `board-bench-${kind}-`)) : null
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, INSTANCE_ID: `${kind}-${index}` }
  delete childEnv.NODE_OPTIONS
  try {
    const server = await spawnServer({
      label: `${kind} instance ${index}`,
      args: ours
        ? [join(here, 'instance-server.ts'), dataDir as string]
        : [join(here, 'hocuspocus-server.ts')],
      cwd: repoRoot,
      env: childEnv,
      ready: ours
        ? /Session board is up at http:\/\/[^:/]+:(\d+)\//
        : /Hocuspocus is up at ws:\/\/[^:/]+:(\d+)/,
    })
    const wsBase = ours ? `ws://127.0.0.1:${server.port}/sync` : `ws://127.0.0.1:${server.port}`
    return { server, wsBase, dataDir }
  } catch (error) {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
}

/**
 * Which instance each client of each session connects to: with two, they alternate (session 0: 1, 2, 1;
 * session 1: 2, 1, 2; …), so every session spans both and each instance holds half the clients.
 */
function placementFor(sessions: number, instances: number): number[][] | null {
  if (instances === 1) return null
  return Array.from({ length: sessions }, (_, s) => [0, 1, 2].map((i) => (s + i) % instances))
}

async function runRow(
  kind: InstancesKind,
  sessions: number,
  options: InstancesOptions,
  services: Services,
  log: (line: string) => void,
): Promise<InstancesRow> {
  const count = Number(kind.slice(kind.lastIndexOf('-') + 1))
  const ours = implementationOf(kind) === 'ours'
  const row = emptyRow(kind, count, sessions)
  let databaseUrl: string | null = null
  const instances: Instance[] = []
  let fleet: ClientFleet | null = null
  let finalSeqs: Record<string, number[]> | null = null
  try {
    databaseUrl = ours ? await services.freshDatabase() : null
    const env: Record<string, string> = {
      REDIS_URL: services.redisUrl,
      // Each row on its own channels, so nothing of an earlier row can reach it.
      REDIS_PREFIX: `bench-${kind}-${sessions}-${Date.now().toString(36)}`,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    }
    const started = await Promise.allSettled(
      Array.from({ length: count }, (_, i) => startInstance(kind, i + 1, env)),
    )
    for (const outcome of started) if (outcome.status === 'fulfilled') instances.push(outcome.value)
    const failed = started.find((outcome) => outcome.status === 'rejected')
    if (failed) throw failed.reason
    const plan = openSessions(sessions)
    const protocol: SyncProtocol = ours ? 'y-websocket' : 'hocuspocus'
    fleet = new ClientFleet({
      sessionIds: plan.sessionIds,
      tokens: null,
      workers: options.workers,
      protocol,
      wsBases: instances.map((instance) => instance.wsBase),
      placement: placementFor(sessions, count),
      mode: 'bench-map',
      serverGone: () => {
        const gone = instances.findIndex((instance) => instance.server.exitInfo() !== null)
        return gone < 0 ? null : `instance ${gone + 1} ${instances[gone]?.server.exitInfo()}`
      },
    })
    const connected = await fleet.connected(60_000 + sessions * 200)
    row.synced = connected.synced
    row.connectMs = connected.ms
    log(`  ${row.synced}/${row.clients} clients synced in ${row.connectMs} ms`)
    if (row.synced < row.clients) throw new Error(`only ${row.synced} of ${row.clients} clients synced`)
    await sleep(1_000) // settle the handshake's awareness traffic before the window opens

    const read = () => ({
      at: performance.now(),
      host: hostBusySeconds(),
      own: (fleet as ClientFleet).cpuSeconds(),
      servers: instances.map((instance) => cpuSeconds(instance.server.pid)),
      postgres: services.postgresCpuSeconds(),
      redis: services.redisCpuSeconds(),
    })
    const commits = async (): Promise<number> => (databaseUrl ? await services.commits(databaseUrl) : NaN)
    const commitsBefore = await commits()
    const before = read()
    fleet.startEditing(options.intervalMs)
    await sleep(options.seconds * 1_000)
    row.sent = await fleet.stopEditing()
    const after = read()
    row.editsPerCommit = row.sent / ((await commits()) - commitsBefore)
    const wall = (after.at - before.at) / 1_000
    const serverCpu = after.servers.map((cpu, i) => cpu - (before.servers[i] ?? 0))
    const serversTotal = serverCpu.reduce((sum, cpu) => sum + cpu, 0)
    const postgresCpu = after.postgres - before.postgres
    const redisCpu = after.redis - before.redis
    const perEdit = (seconds: number): number => (seconds / row.sent) * 1e6
    row.cpuUsPerEdit = {
      servers: perEdit(serversTotal),
      postgres: perEdit(postgresCpu),
      redis: perEdit(redisCpu),
    }
    row.serverCpuShares = serverCpu.map((cpu) => cpu / wall)
    const benchCpu = serversTotal + postgresCpu + redisCpu + (after.own - before.own)
    row.otherCores = Math.max(0, (after.host - before.host - benchCpu) / wall)
    log(
      `  ${row.sent} edits in ${wall.toFixed(1)} s; CPU: instances ${serversTotal.toFixed(2)} s, ` +
        `PostgreSQL ${postgresCpu.toFixed(2)} s, Redis ${redisCpu.toFixed(2)} s`,
    )

    const drained = await fleet.drain(15_000)
    row.drainComplete = drained.complete
    row.drainMs = drained.ms
    const { finalSeqs: seqs, ...merged } = mergeReports(await fleet.reports())
    Object.assign(row, merged)
    finalSeqs = seqs
    const stillOpen = await fleet.leave(10_000)
    if (stillOpen > 0) log(`  warning: ${stillOpen} sockets still open after leave`)
  } catch (error) {
    row.error = error instanceof Error ? error.message : String(error)
    log(`  error: ${row.error}`)
  } finally {
    fleet?.close()
    row.serverLogTail = instances
      .map((instance, i) => `instance ${i + 1}:\n${instance.server.logTail()}`)
      .join('\n')
    // Ours stores what is pending and compacts on SIGTERM; its storage is read back once all stopped.
    await Promise.all(instances.map((instance) => instance.server.stop()))
    row.serverExits = instances.map((instance) => instance.server.exitInfo())
    for (const { dataDir } of instances)
      if (dataDir && !process.env.BENCH_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true })
    if (databaseUrl) {
      if (finalSeqs) {
        const url = databaseUrl
        row.stored = await compareStored(finalSeqs, edits, (names) => services.readDocuments(url, names))
      }
      await services.dropDatabase(databaseUrl).catch((error: unknown) => log(`  warning: ${String(error)}`))
    }
  }
  return row
}

function emptyRow(kind: InstancesKind, instances: number, sessions: number): InstancesRow {
  return {
    kind,
    instances,
    sessions,
    clients: sessions * 3,
    error: null,
    synced: 0,
    connectMs: 0,
    sent: 0,
    drainComplete: false,
    drainMs: 0,
    expected: 0,
    covered: 0,
    observed: 0,
    pairs: 0,
    peersCaughtUp: 0,
    converged: 0,
    disconnects: 0,
    refusedCloses: 0,
    refusalMessages: 0,
    refusalSample: null,
    workerCpuShareMax: NaN,
    workerLoopDelayP99Ms: NaN,
    latencyMs: summarize([]),
    crossLatencyMs: summarize([]),
    worstLatencyBySecondMs: [],
    p99BySecondMs: [],
    cpuUsPerEdit: { servers: NaN, postgres: NaN, redis: NaN },
    editsPerCommit: NaN,
    serverCpuShares: [],
    otherCores: NaN,
    stored: null,
    serverExits: [],
    serverLogTail: '',
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
