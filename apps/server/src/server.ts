import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { SYNC_CLOSE } from '@session-board/protocol'
import packageJson from '../package.json' with { type: 'json' }
import { createApp } from './app.ts'
import type { ServerOptions } from './config.ts'
import { resolveConfig } from './config.ts'
import { createLogger } from './log.ts'
import { openSqliteStore } from './store/sqlite.ts'
import { openHooks } from './sync/hooks.ts'
import { PersistQueue } from './sync/persistence.ts'
import { DocumentRegistry } from './sync/registry.ts'
import { attachSyncEndpoint } from './sync/upgrade.ts'

export type RunningServer = {
  /** `http://host:port/` with the port actually bound. */
  url: string
  port: number
  registry: DocumentRegistry
  /** Closes sockets (1001), stores what is pending, compacts every document and closes the store. */
  close: () => Promise<void>
}

/** The whole server in-process: used by index.ts, the tests and the benchmark. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const config = resolveConfig(options)
  const log = createLogger(config.logLevel)
  const store = config.store ?? openSqliteStore({ dataDir: config.dataDir, synchronous: config.synchronous })
  const persistence = new PersistQueue(store, log)
  const registry = new DocumentRegistry({
    store,
    persistence,
    compaction: { everyUpdates: config.compactEveryUpdates, everyMs: config.compactEveryMs },
    evictAfterMs: config.evictAfterMs,
    log,
  })
  const app = createApp({ registry, config: { version: packageJson.version, webDist: config.webDist }, log })

  const { server, port } = await new Promise<{ server: Server; port: number }>((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, hostname: config.host, port: config.port },
      (info: AddressInfo) => resolve({ server, port: info.port }),
    ) as Server
    server.once('error', reject)
  })
  const sync = attachSyncEndpoint(server, {
    registry,
    hooks: config.hooks ?? openHooks,
    keepaliveMs: config.keepaliveMs,
    log,
  })
  const url = `http://${formatHost(config.host)}:${port}/`
  log.info('server.listening', { port })

  let closing: Promise<void> | null = null
  const close = () => {
    closing ??= (async () => {
      log.info('server.stopping', { connections: registry.connections })
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()))
      await sync.closeAll(
        SYNC_CLOSE.serverStopping.code,
        SYNC_CLOSE.serverStopping.reason,
        config.closeTimeoutMs,
      )
      await registry.close()
      await store.close()
      server.closeAllConnections()
      await httpClosed
      log.info('server.stopped')
    })()
    return closing
  }
  return { url, port, registry, close }
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}
