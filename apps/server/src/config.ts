import type { AccessConfig } from './access/context.ts'
import { accessDefaults } from './access/context.ts'
import type { LogLevel } from './log.ts'
import type { SqliteSynchronous } from './store/sqlite.ts'
import type { DocumentStore } from './store/types.ts'
import type { SyncExtension } from './sync/extension.ts'
import type { Fanout } from './sync/fanout.ts'
import type { VideoConfig } from './livekit/videoConfig.ts'
import { videoOff } from './livekit/videoConfig.ts'

/** Everything startServer needs; only `dataDir` has no sensible default. */
export type ServerConfig = {
  host: string
  /** 0 asks the OS for a free port; the bound one is reported by startServer. */
  port: number
  dataDir: string
  /** The built web app to serve (production); null serves the API and sync socket only. */
  webDist: string | null
  logLevel: LogLevel
  synchronous: SqliteSynchronous
  /** How long a document stays loaded after its last connection left. */
  evictAfterMs: number
  compactEveryUpdates: number
  compactEveryMs: number
  keepaliveMs: number
  /** How long shutdown waits for clients to answer the close handshake. */
  closeTimeoutMs: number
  /**
   * 'secure' (the default): the production extensions (the door, the write rules, value checks, stamps,
   * the call, the audit trail). A list replaces them: `[]` lets anyone in to write anything (the sync
   * core's tests, the benchmark's `ours`).
   */
  extensions: SyncExtension[] | 'secure'
  access: AccessConfig
  /** A store to use instead of the SQLite file in dataDir (PostgreSQL, or a test's own). */
  store: DocumentStore | null
  /** The other instances serving the same store's documents (Redis); null runs alone. */
  fanout: Fanout | null
  /**
   * PostgreSQL for the documents and the access tables (DATABASE_URL, PG_POOL_MAX); null keeps them in
   * dataDir's SQLite file.
   */
  database: { url: string; poolMax: number } | null
  /**
   * Redis between instances (REDIS_URL, REDIS_PREFIX): edits and presence reach the others' peers, and
   * role changes their sockets. Needs `database`: every instance must read the same store.
   */
  redis: { url: string; prefix: string } | null
  /** This instance's name among the others (INSTANCE_ID); null picks a random one. */
  instanceId: string | null
  /** The video call: LiveKit elsewhere, a local livekit-server started here, or none (and why). */
  video: VideoConfig
}

export type ServerOptions = Partial<Omit<ServerConfig, 'access'>> &
  Pick<ServerConfig, 'dataDir'> & { access?: Partial<AccessConfig> }

export const serverDefaults: Omit<ServerConfig, 'dataDir'> = {
  host: '127.0.0.1',
  port: 8787,
  webDist: null,
  logLevel: 'info',
  synchronous: 'NORMAL',
  evictAfterMs: 5_000,
  compactEveryUpdates: 500,
  compactEveryMs: 60_000,
  // y-protocols drops a silent peer's awareness after 30 s; ping on the same beat.
  keepaliveMs: 30_000,
  closeTimeoutMs: 1_000,
  extensions: 'secure',
  access: accessDefaults,
  store: null,
  fanout: null,
  database: null,
  redis: null,
  instanceId: null,
  video: videoOff,
}

export function resolveConfig(options: ServerOptions): ServerConfig {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))
  const config = { ...serverDefaults, ...defined } as ServerConfig
  return { ...config, access: { ...accessDefaults, ...options.access } }
}
