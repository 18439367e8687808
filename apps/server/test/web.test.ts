import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { apiErrorSchema, healthSchema } from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { createCleanup, makeTempDir, startTestServer } from './helpers.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const fakeIndex = '<!doctype html><title>Session board</title><div id="root"></div>'

async function fakeWebBuild(): Promise<string> {
  const dist = await makeTempDir(cleanup)
  await writeFile(join(dist, 'index.html'), fakeIndex)
  await mkdir(join(dist, 'assets'))
  await writeFile(join(dist, 'assets', 'app-1234.js'), 'console.log("board")')
  return dist
}

/** Every source in the policy must be our own origin or an inline/data form: no third-party host. */
function thirdPartySources(csp: string): string[] {
  const allowed = new Set(["'self'", "'none'", "'unsafe-inline'", 'data:', 'blob:'])
  return csp
    .split(';')
    .flatMap((directive) => directive.trim().split(/\s+/).slice(1))
    .filter((source) => !allowed.has(source))
}

describe('production mode: one port serves the web app too', () => {
  it('serves index.html at / and for session links, the built assets, and /health', async () => {
    const server = await startTestServer(cleanup, { webDist: await fakeWebBuild() })

    const pageLoad = { headers: { accept: 'text/html,application/xhtml+xml' } }
    for (const path of ['', 's/abc', 's/couple-42/audit', 'sign-in', 'join', 'dashboard']) {
      const response = await fetch(`${server.url}${path}`, pageLoad)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/^text\/html/)
      expect(await response.text()).toBe(fakeIndex)
    }
    // The API keeps its JSON errors, even for a browser, and a script asking for JSON gets JSON.
    for (const [path, init] of [
      ['api/nothing-here', pageLoad],
      ['nothing-here', {}],
    ] as const) {
      const response = await fetch(`${server.url}${path}`, init)
      expect(response.status, path).toBe(404)
      expect(apiErrorSchema.parse(await response.json()).code).toBe('not_found')
    }
    const asset = await fetch(`${server.url}assets/app-1234.js`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toContain('immutable')

    const health = await fetch(`${server.url}health`)
    expect(healthSchema.parse(await health.json())).toMatchObject({ status: 'ok', documentsLoaded: 0 })
  })

  it('sends a strict same-origin content security policy and no referrer', async () => {
    const server = await startTestServer(cleanup, { webDist: await fakeWebBuild() })
    const response = await fetch(server.url)
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("connect-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(thirdPartySources(csp)).toEqual([])
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
  })

  it('answers unknown paths with a JSON error, and serves no page outside production', async () => {
    const server = await startTestServer(cleanup)
    for (const path of ['', 's/abc', 'nothing-here']) {
      const response = await fetch(`${server.url}${path}`)
      expect(response.status).toBe(404)
      expect(apiErrorSchema.parse(await response.json()).code).toBe('not_found')
    }
  })
})
