import { randomBytes } from 'node:crypto'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { DatabaseSync } from 'node:sqlite'
import { serve } from '@hono/node-server'
import { SYNC_CLOSE } from '@session-board/protocol'
import packageJson from '../package.json' with { type: 'json' }
import { createApp } from './app.ts'
import type { ServerConfig, ServerOptions } from './config.ts'
import { resolveConfig } from './config.ts'
import type { Logger } from './log.ts'
import { createLogger, errorMessage } from './log.ts'
import type { LiveKitSettings } from './livekit/call.ts'
import type { LocalLiveKit } from './livekit/localLiveKit.ts'
import { localLiveKitMissing, startLocalLiveKit } from './livekit/localLiveKit.ts'
import type { VideoConfig } from './livekit/videoConfig.ts'
import { callOrigins } from './livekit/videoConfig.ts'
import { createAccess } from './access/context.ts'
import type { Access } from './access/context.ts'
import { startIdleLogoff } from './access/idleLogoff.ts'
import { mergeLegacyBoards } from './access/legacyBoards.ts'
import { migrateOnLoad } from './access/migrations.ts'
import { RedisBus } from './fanout/redisBus.ts'
import { RedisFanout } from './fanout/redisFanout.ts'
import { DatabaseClock } from './store/databaseClock.ts'
import { openPostgresStore } from './store/postgres.ts'
import { PostgresSql } from './store/postgresSql.ts'
import { createPostgresSchema } from './store/postgresTables.ts'
import type { Sql } from './store/sql.ts'
import { openDatabase, openSqliteStore } from './store/sqlite.ts'
import { SqliteSql } from './store/sqliteSql.ts'
import type { DocumentStore } from './store/types.ts'
import { WalCheckpoints } from './store/walCheckpoints.ts'
import { PersistQueue } from './sync/persistence.ts'
import { DocumentRegistry } from './sync/registry.ts'
import { attachSyncEndpoint } from './sync/upgrade.ts'
import { Extensions } from './sync/extension.ts'
import { productionExtensions } from './extensions/index.ts'

export type RunningServer = {
  /** `http://host:port/` with the port actually bound. */
  url: string
  port: number
  registry: DocumentRegistry
  /** Where the documents are kept (SQLite or PostgreSQL): tests read what was stored from here. */
  store: DocumentStore
  /** Where the access tables are (SQLite or PostgreSQL): tests read and age rows through it. */
  sql: Sql
  /** Accounts, sessions, invitations, tokens and the audit trail (tests read the audit from here). */
  access: Access
  /** The LiveKit the call service uses, with its key pair (the operator's view), or null without video. */
  liveKit: LiveKitSettings | null
  /** Closes sockets (1001), stores what is pending, compacts every document and closes the store. */
  close: () => Promise<void>
}

/** The whole server in-process: used by index.ts, the tests and the benchmark. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const config = resolveConfig(options)
  const log = createLogger(config.logLevel)
  const storage = await openStorage(config, log)
  const { sql, db, store } = storage
  let others: Others | null = null
  try {
    others = await joinOthers(config, log)
  } catch (error) {
    await storage.close()
    throw error
  }
  const fanout = others?.fanout ?? config.fanout
  const persistence = new PersistQueue(store, log)
  const registry = new DocumentRegistry({
    store,
    persistence,
    compaction: { everyUpdates: config.compactEveryUpdates, everyMs: config.compactEveryMs },
    evictAfterMs: config.evictAfterMs,
    log,
    afterLoad: migrateOnLoad(log),
    ...(fanout ? { fanout } : {}),
  })
  const access = createAccess({
    sql,
    db,
    dataDir: config.dataDir,
    config: config.access,
    registry,
    log,
    now: storage.now,
    ...(others ? { bus: others.bus } : {}),
  })
  // Boards stored before couples existed join their couple's plan before anyone can open it.
  if (db) await mergeLegacyBoards(db, access)
  const extensions = new Extensions(
    config.extensions === 'secure' ? productionExtensions(access) : config.extensions,
  )
  const idleLogoff = startIdleLogoff(access)
  const app = createApp({
    registry,
    config: { version: packageJson.version, webDist: config.webDist, callOrigins: callOrigins(config.video) },
    log,
    access,
  })

  const { server, port } = await new Promise<{ server: Server; port: number }>((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, hostname: config.host, port: config.port },
      (info: AddressInfo) => resolve({ server, port: info.port }),
    ) as Server
    server.once('error', reject)
  })
  const sync = attachSyncEndpoint(server, {
    registry,
    extensions,
    keepaliveMs: config.keepaliveMs,
    log,
  })
  const url = `http://${formatHost(config.host)}:${port}/`
  log.info('server.listening', {
    port,
    access: config.extensions === 'secure' ? 'secure' : 'custom',
    store: db ? 'sqlite' : 'postgres',
    instances: others ? 'several' : 'one',
  })
  let localLiveKit: LocalLiveKit | null = null
  try {
    localLiveKit = await connectVideo(config.video, access, url)
  } catch (error) {
    await idleLogoff.stop()
    await sync.closeAll(SYNC_CLOSE.serverStopping.code, SYNC_CLOSE.serverStopping.reason, 0)
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await registry.close()
    await access.audit.flush()
    await others?.close()
    await storage.close()
    throw error
  }

  let closing: Promise<void> | null = null
  const close = () => {
    closing ??= (async () => {
      log.info('server.stopping', { connections: registry.connections })
      await idleLogoff.stop()
      await localLiveKit?.stop()
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()))
      await sync.closeAll(
        SYNC_CLOSE.serverStopping.code,
        SYNC_CLOSE.serverStopping.reason,
        config.closeTimeoutMs,
      )
      await registry.close()
      // The audit entries of the closing (the last leaves) are written before the database closes.
      await access.audit.flush()
      // The other instances learn nothing more from this one; then the store closes.
      await others?.close()
      await storage.close()
      server.closeAllConnections()
      await httpClosed
      log.info('server.stopped')
    })()
    return closing
  }
  return { url, port, registry, store, sql, access, liveKit: access.call.settings, close }
}

type Storage = {
  /** Where the access tables are read and written. */
  sql: Sql
  /** The SQLite connection behind `sql`; null on PostgreSQL. */
  db: DatabaseSync | null
  store: DocumentStore
  /** The clock the huddle and `/api/time` count by: PostgreSQL's when there is one, so instances agree. */
  now: () => number
  close: () => Promise<void>
}

/**
 * The store: PostgreSQL when `database` is set (its schema brought to the newest version first), else
 * one SQLite file in dataDir for documents, accounts, invitations and the audit trail.
 */
async function openStorage(config: ServerConfig, log: Logger): Promise<Storage> {
  if (config.database) {
    const sql = new PostgresSql({ connectionString: config.database.url, max: config.database.poolMax, log })
    try {
      await createPostgresSchema(sql)
      const store = config.store ?? (await openPostgresStore({ sql }))
      const clock = await DatabaseClock.start(sql, log)
      return {
        sql,
        db: null,
        store,
        now: clock.now,
        close: async () => {
          clock.stop()
          await store.close()
          await sql.close()
        },
      }
    } catch (error) {
      await sql.close()
      throw error
    }
  }
  const db = openDatabase({ dataDir: config.dataDir, synchronous: config.synchronous })
  const checkpoints = WalCheckpoints.start(db, log)
  // The access tables and the document store share the connection; its transactions take turns.
  const sql = new SqliteSql(db)
  const store = config.store ?? openSqliteStore({ sql })
  return {
    sql,
    db,
    store,
    now: Date.now,
    close: async () => {
      await store.close()
      await checkpoints.stop()
      if (db.isOpen) db.close()
    },
  }
}

type Others = { fanout: RedisFanout; bus: RedisBus; close: () => Promise<void> }

/** With `redis`: the fan-out of edits and presence, and the bus of role changes, shared with the other instances. */
async function joinOthers(config: ServerConfig, log: Logger): Promise<Others | null> {
  if (!config.redis) return null
  if (!config.database)
    throw new Error('Several instances need PostgreSQL as well as Redis: set DATABASE_URL with REDIS_URL.')
  const instanceId = config.instanceId ?? randomBytes(8).toString('hex')
  const settings = { url: config.redis.url, prefix: config.redis.prefix, instanceId, log }
  const fanout = await RedisFanout.connect(settings)
  let bus: RedisBus
  try {
    bus = await RedisBus.connect(settings)
  } catch (error) {
    await fanout.close()
    throw error
  }
  return {
    fanout,
    bus,
    close: async () => {
      await Promise.all([fanout.close(), bus.close()])
    },
  }
}

/**
 * Gives the call service its LiveKit: the configured one, or a livekit-server started here on loopback
 * (its webhooks come back to this server). Without one the board runs and says why there is no video.
 */
async function connectVideo(video: VideoConfig, access: Access, url: string): Promise<LocalLiveKit | null> {
  if (video.mode === 'off') {
    access.call.configure({ unavailable: video.reason })
    return null
  }
  if (video.mode === 'livekit') {
    access.call.configure(video.settings)
    return null
  }
  const missing = localLiveKitMissing(video.binary)
  const apiKey = 'board'
  const apiSecret = randomBytes(32).toString('base64url')
  try {
    if (missing !== null) throw new Error(missing)
    const local = await startLocalLiveKit({
      binary: video.binary,
      port: video.port,
      apiKey,
      apiSecret,
      webhookUrl: new URL('api/livekit/webhook', url).href,
    })
    access.call.configure({
      apiUrl: local.url,
      publicUrl: `ws://127.0.0.1:${video.port}`,
      apiKey,
      apiSecret,
      // Loopback only: no STUN or TURN servers, so nothing about the call leaves the machine.
      iceServers: [],
    })
    access.log.info('video.local_livekit', { port: video.port })
    return local
  } catch (error) {
    if (video.required) throw error
    access.call.configure({ unavailable: errorMessage(error) })
    access.log.warn('video.unavailable', { reason: errorMessage(error) })
    return null
  }
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}
