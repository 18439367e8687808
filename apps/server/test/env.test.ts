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

  it('runs alone on SQLite unless DATABASE_URL and REDIS_URL are set', () => {
    const env = loadEnv({})
    expect(env).toMatchObject({ database: null, redis: null })
    expect(env.instanceId).toMatch(/^[A-Za-z0-9_-]{1,64}$/)
    expect(loadEnv({}).instanceId).not.toBe(env.instanceId)
  })

  const severalInstances = {
    DATABASE_URL: 'postgres://board:pw@db:5432/board',
    REDIS_URL: 'redis://redis:6379',
    BOARD_SECRET: 'a'.repeat(32),
    LIVEKIT_LOCAL: '0',
  }

  it('reads the settings of several instances', () => {
    expect(loadEnv(severalInstances)).toMatchObject({
      database: { url: 'postgres://board:pw@db:5432/board', poolMax: 10 },
      redis: { url: 'redis://redis:6379', prefix: 'board' },
    })
    const tuned = loadEnv({
      ...severalInstances,
      DATABASE_URL: 'postgresql://board@db/board?sslmode=require',
      REDIS_URL: 'rediss://:pw@redis.internal:6380',
      REDIS_PREFIX: 'clinic-2',
      INSTANCE_ID: 'board_3',
      PG_POOL_MAX: '25',
    })
    expect(tuned).toMatchObject({
      database: { url: 'postgresql://board@db/board?sslmode=require', poolMax: 25 },
      redis: { url: 'rediss://:pw@redis.internal:6380', prefix: 'clinic-2' },
      instanceId: 'board_3',
    })
    // LiveKit run elsewhere also does, instead of no video.
    const { LIVEKIT_LOCAL: _, ...withoutLocal } = severalInstances
    const withLiveKit = loadEnv({
      ...withoutLocal,
      LIVEKIT_URL: 'http://livekit:7880',
      LIVEKIT_API_KEY: 'key',
      LIVEKIT_API_SECRET: 's'.repeat(32),
    })
    expect(withLiveKit.video.mode).toBe('livekit')
  })

  it('refuses malformed settings of several instances, without quoting them', () => {
    const bad = {
      ...severalInstances,
      DATABASE_URL: 'mysql://board:hunter2@db/board',
      REDIS_URL: 'http://hunter2@redis:6379',
      REDIS_PREFIX: 'Board:1',
      INSTANCE_ID: 'one two',
      PG_POOL_MAX: '0',
    }
    let message = ''
    try {
      loadEnv(bad)
    } catch (error) {
      message = (error as Error).message
    }
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'REDIS_PREFIX', 'INSTANCE_ID', 'PG_POOL_MAX']) {
      expect(message).toContain(`  ${name}: `)
    }
    expect(message).not.toContain('hunter2')
    expect(() => loadEnv({ ...severalInstances, PG_POOL_MAX: '101' })).toThrow(/PG_POOL_MAX/)
    expect(() => loadEnv({ ...severalInstances, REDIS_PREFIX: 'x'.repeat(33) })).toThrow(/REDIS_PREFIX/)
    expect(() => loadEnv({ ...severalInstances, INSTANCE_ID: 'x'.repeat(65) })).toThrow(/INSTANCE_ID/)
  })

  it('refuses several instances that would not agree, saying why', () => {
    const { BOARD_SECRET: _secret, ...noSecret } = severalInstances
    expect(() => loadEnv(noSecret)).toThrow(/BOARD_SECRET is required with DATABASE_URL: .*secret\.key/)
    const { LIVEKIT_LOCAL: _local, ...localLiveKit } = severalInstances
    expect(() => loadEnv(localLiveKit)).toThrow(
      /LIVEKIT_URL \(or LIVEKIT_LOCAL=0 for no video\) is required with DATABASE_URL: .*several rooms/,
    )
    expect(() => loadEnv({ REDIS_URL: 'redis://redis:6379' })).toThrow(
      /DATABASE_URL is required with REDIS_URL/,
    )
    // PostgreSQL alone (one instance, or several without Redis) is allowed.
    const { REDIS_URL: _redis, ...postgresOnly } = severalInstances
    expect(loadEnv(postgresOnly)).toMatchObject({ redis: null, database: { poolMax: 10 } })
    // Every problem at once, not one per restart.
    expect(() => loadEnv({ DATABASE_URL: 'postgres://db/board' })).toThrow(/BOARD_SECRET[\s\S]*LIVEKIT_URL/)
  })

  it('fails fast naming every bad variable', () => {
    expect(() => loadEnv({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(
      /PORT[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*PORT/,
    )
  })
})
