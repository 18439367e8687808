import { randomBytes } from 'node:crypto'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { SYNC_CLOSE } from '@session-board/protocol'
import packageJson from '../package.json' with { type: 'json' }
import { createApp } from './app.ts'
import type { ServerOptions } from './config.ts'
import { resolveConfig } from './config.ts'
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
import { openDatabase, openSqliteStore } from './store/sqlite.ts'
import { SqliteSql } from './store/sqliteSql.ts'
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
  // One database file for documents, accounts, invitations and the audit trail.
  const db = openDatabase({ dataDir: config.dataDir, synchronous: config.synchronous })
  // The access tables and the document store share the connection; its transactions take turns.
  const sql = new SqliteSql(db)
  const store = config.store ?? openSqliteStore({ sql })
  const persistence = new PersistQueue(store, log)
  const registry = new DocumentRegistry({
    store,
    persistence,
    compaction: { everyUpdates: config.compactEveryUpdates, everyMs: config.compactEveryMs },
    evictAfterMs: config.evictAfterMs,
    log,
    afterLoad: migrateOnLoad(log),
    ...(config.fanout ? { fanout: config.fanout } : {}),
  })
  const access = createAccess({ sql, db, dataDir: config.dataDir, config: config.access, registry, log })
  // Boards stored before couples existed join their couple's plan before anyone can open it.
  await mergeLegacyBoards(db, access)
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
  log.info('server.listening', { port, access: config.extensions === 'secure' ? 'secure' : 'custom' })
  let localLiveKit: LocalLiveKit | null = null
  try {
    localLiveKit = await connectVideo(config.video, access, url)
  } catch (error) {
    await idleLogoff.stop()
    await sync.closeAll(SYNC_CLOSE.serverStopping.code, SYNC_CLOSE.serverStopping.reason, 0)
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await registry.close()
    await access.audit.flush()
    await store.close()
    if (db.isOpen) db.close()
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
      await store.close()
      if (db.isOpen) db.close()
      server.closeAllConnections()
      await httpClosed
      log.info('server.stopped')
    })()
    return closing
  }
  return { url, port, registry, access, liveKit: access.call.settings, close }
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
