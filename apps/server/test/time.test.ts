import { serverTimeSchema } from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { startSecureServer } from './access/people.ts'
import { createCleanup } from './helpers.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

describe('GET /api/time', () => {
  it('answers the server’s clock as it handled the request, never cached, without signing in', async () => {
    const server = await startSecureServer(cleanup)
    const sentAt = Date.now()
    const response = await fetch(`${server.url}api/time`)
    const receivedAt = Date.now()
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const { now } = serverTimeSchema.parse(await response.json())
    // Same process, same clock: the server read it between the client's two readings.
    expect(now).toBeGreaterThanOrEqual(sentAt)
    expect(now).toBeLessThanOrEqual(receivedAt)
  })

  it('is not held back by the CSRF origin check or a rate limit: clients sample it in bursts', async () => {
    const server = await startSecureServer(cleanup)
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`${server.url}api/time`, { headers: { origin: 'https://elsewhere.test' } })
      expect(response.status).toBe(200)
      serverTimeSchema.parse(await response.json())
    }
  })

  it('is described in the OpenAPI document', async () => {
    const server = await startSecureServer(cleanup)
    const spec = (await (await fetch(`${server.url}api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>
    }
    expect(Object.keys(spec.paths['/time'] ?? {})).toContain('get')
  })
})
