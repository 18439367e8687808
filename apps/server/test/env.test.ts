import { describe, expect, it } from 'vitest'
import { loadEnv } from '../src/env.ts'

describe('server environment', () => {
  it('has working defaults', () => {
    const env = loadEnv({})
    expect(env).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      production: false,
      logLevel: 'info',
      synchronous: 'NORMAL',
    })
    expect(env.dataDir).toMatch(/data$/)
  })

  it('accepts port 0 and production settings', () => {
    const env = loadEnv({
      PORT: '0',
      NODE_ENV: 'production',
      WEB_DIST: '/srv/web',
      SQLITE_SYNCHRONOUS: 'FULL',
    })
    expect(env).toMatchObject({ port: 0, production: true, webDist: '/srv/web', synchronous: 'FULL' })
  })

  it('derives secure cookies from an https PUBLIC_URL and refuses open access in production', () => {
    const env = loadEnv({ PUBLIC_URL: 'https://board.clinic.example/', IDLE_LOGOFF_MS: '60000' })
    expect(env).toMatchObject({
      publicOrigin: 'https://board.clinic.example',
      secure: true,
      idleLogoffMs: 60_000,
      openAccess: false,
    })
    expect(loadEnv({}).secure).toBe(false)
    expect(() => loadEnv({ NODE_ENV: 'production', SYNC_OPEN_ACCESS: '1' })).toThrow(/SYNC_OPEN_ACCESS/)
    expect(() => loadEnv({ BOARD_SECRET: 'short' })).toThrow(/BOARD_SECRET/)
  })

  it('fails fast naming every bad variable', () => {
    expect(() => loadEnv({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(
      /PORT[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*PORT/,
    )
  })
})
