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

  it('fails fast naming every bad variable', () => {
    expect(() => loadEnv({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(
      /PORT[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*PORT/,
    )
  })
})
