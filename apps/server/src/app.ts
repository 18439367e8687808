import type { ApiError } from '@session-board/protocol'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Access } from './access/context.ts'
import type { Logger } from './log.ts'
import { errorKind } from './log.ts'
import type { HealthSource } from './routes/health.ts'
import { apiRoutes } from './routes/api/index.ts'
import { healthRoutes } from './routes/health.ts'
import { webRoutes } from './routes/web.ts'
import { securityHeaders } from './security.ts'

export type AppDeps = {
  /** What /health reports about the sync engine (the document registry). */
  registry: HealthSource
  config: { version: string; webDist: string | null; callOrigins?: readonly string[] }
  log: Logger
  /** Accounts, sessions, invitations and the audit trail behind /api. */
  access: Access
}

/** The HTTP side of the server, built from its dependencies so tests can drive it with `app.request`. */
export function createApp({ registry, config, log, access }: AppDeps) {
  const app = new Hono()
    .use(securityHeaders({ secure: access.config.secure, callOrigins: config.callOrigins ?? [] }))
    .route('/health', healthRoutes(registry, config.version))
    .route('/api', apiRoutes(access, config.version))
  if (config.webDist !== null) app.route('/', webRoutes(config.webDist))

  app.notFound((c) =>
    c.json<ApiError>({ code: 'not_found', message: 'There is nothing at this address.' }, 404),
  )
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      // Our own refusals carry their JSON {code, message} already.
      if (error.res) return error.getResponse()
      const status = error.status as ContentfulStatusCode
      return c.json<ApiError>(
        { code: `http_${status}`, message: error.message || 'The request was refused.' },
        status,
      )
    }
    // The kind only: the error may quote the request (a body parsed by hand, a zod error's paths).
    log.error('http.unhandled', { method: c.req.method, path: c.req.path, error: errorKind(error) })
    return c.json<ApiError>({ code: 'internal_error', message: 'Something went wrong on the server.' }, 500)
  })
  return app
}

export type App = ReturnType<typeof createApp>
