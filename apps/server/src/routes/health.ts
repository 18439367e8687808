import type { Health } from '@session-board/protocol'
import { Hono } from 'hono'

export type HealthSource = { readonly documentsLoaded: number; readonly connections: number }

/** `GET /health`: liveness for the reverse proxy and the tests, and a glance at the load. */
export function healthRoutes(source: HealthSource, version: string) {
  return new Hono().get('/', (c) => {
    const health: Health = {
      status: 'ok',
      version,
      documentsLoaded: source.documentsLoaded,
      connections: source.connections,
    }
    return c.json(health)
  })
}
