import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { LOCAL_LIVEKIT_BINARY } from './livekit/localLiveKit.ts'
import type { VideoConfig } from './livekit/videoConfig.ts'
import { logLevels } from './log.ts'

const repoRoot = resolve(import.meta.dirname, '../../..')

// An empty variable (`PORT=`) means "not set", as most shells and .env files intend it.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema)

const envSchema = z.object({
  HOST: optional(z.string().default('127.0.0.1')),
  PORT: optional(z.coerce.number().int().min(0).max(65_535).default(8787)),
  DATA_DIR: optional(z.string().default(join(repoRoot, 'data'))),
  NODE_ENV: optional(z.enum(['development', 'production', 'test']).default('development')),
  WEB_DIST: optional(z.string().default(join(repoRoot, 'apps/web/dist'))),
  LOG_LEVEL: optional(z.enum(logLevels).default('info')),
  /** How long a board stays in memory after its last person left. */
  EVICT_AFTER_MS: optional(z.coerce.number().int().min(0).default(5_000)),
  /** FULL also survives a power cut (fsync per commit); NORMAL survives a crash of the process. */
  SQLITE_SYNCHRONOUS: optional(z.enum(['NORMAL', 'FULL']).default('NORMAL')),
  /** Signs invitation and connect tokens; unset generates one into DATA_DIR/secret.key. */
  BOARD_SECRET: optional(z.string().min(32, 'BOARD_SECRET must be at least 32 characters.').optional()),
  /** Automatic log-off after this long without activity (default 15 minutes). */
  IDLE_LOGOFF_MS: optional(
    z.coerce
      .number()
      .int()
      .min(1_000)
      .default(15 * 60_000),
  ),
  INVITATION_TTL_HOURS: optional(
    z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 14)
      .default(24),
  ),
  /** The origin people open, e.g. https://board.clinic.example; https turns on Secure cookies and HSTS. */
  PUBLIC_URL: optional(z.url('PUBLIC_URL must be a URL such as https://board.clinic.example').optional()),
  SECURE_COOKIES: optional(z.enum(['0', '1']).optional()),
  /** Behind a reverse proxy: take the client address for rate limiting from X-Forwarded-For. */
  TRUST_PROXY: optional(z.enum(['0', '1']).default('0')),
  /** Development and benchmark only: no door, no write rules. Refused with NODE_ENV=production. */
  SYNC_OPEN_ACCESS: optional(z.enum(['0', '1']).default('0')),
  /** A LiveKit server run elsewhere: the address this server reaches its API on. */
  LIVEKIT_URL: optional(z.url('LIVEKIT_URL must be a URL such as http://livekit:7880').optional()),
  /** The websocket address browsers use for LiveKit; default: LIVEKIT_URL with a ws(s) scheme. */
  LIVEKIT_PUBLIC_URL: optional(
    z.url('LIVEKIT_PUBLIC_URL must be a URL such as wss://board.clinic.example').optional(),
  ),
  LIVEKIT_API_KEY: optional(z.string().min(1).optional()),
  LIVEKIT_API_SECRET: optional(
    z.string().min(32, 'LIVEKIT_API_SECRET must be at least 32 characters.').optional(),
  ),
  LIVEKIT_MAX_OBSERVERS: optional(z.coerce.number().int().min(0).max(20).default(2)),
  /** How long a session summary's PDF export may take before it is given up (503 summary_timeout). */
  SUMMARY_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(600_000).default(20_000)),
  /** Without LIVEKIT_URL: the port of the livekit-server this server starts on loopback (and the next two). */
  LIVEKIT_LOCAL_PORT: optional(z.coerce.number().int().min(1024).max(65_533).default(7880)),
  /** Where that local livekit-server binary is; default .toolchain/livekit/livekit-server. */
  LIVEKIT_BINARY: optional(z.string().optional()),
  /** 0: never start the local livekit-server (tests and benchmarks that have no use for video). */
  LIVEKIT_LOCAL: optional(z.enum(['0', '1']).default('1')),
  /** 1: refuse to start without video (the browser tests); 0: run the board without it and say why. */
  LIVEKIT_REQUIRED: optional(z.enum(['0', '1']).default('0')),
  /** PostgreSQL instead of the SQLite file in DATA_DIR: what several instances share. */
  DATABASE_URL: optional(
    z
      .url({
        protocol: /^postgres(ql)?$/,
        error: 'DATABASE_URL must be a URL such as postgres://board:password@db:5432/board',
      })
      .optional(),
  ),
  /** The most PostgreSQL connections this instance opens. */
  PG_POOL_MAX: optional(z.coerce.number().int().min(1).max(100).default(10)),
  /** Redis, to carry news between instances (PostgreSQL keeps everything; Redis keeps nothing). */
  REDIS_URL: optional(
    z.url({ protocol: /^rediss?$/, error: 'REDIS_URL must be a URL such as redis://redis:6379' }).optional(),
  ),
  /** Starts every Redis channel name, so several deployments can share one Redis. */
  REDIS_PREFIX: optional(
    z
      .string()
      .regex(/^[a-z0-9_-]{1,32}$/, 'REDIS_PREFIX must be 1 to 32 lowercase letters, digits, "-" or "_".')
      .default('board'),
  ),
  /** This instance's name among the others, in Redis and in logs; unset: a random one at each start. */
  INSTANCE_ID: optional(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'INSTANCE_ID must be 1 to 64 letters, digits, "-" or "_".')
      .optional(),
  ),
})

export type Env = {
  host: string
  port: number
  dataDir: string
  production: boolean
  webDist: string
  logLevel: (typeof logLevels)[number]
  synchronous: 'NORMAL' | 'FULL'
  evictAfterMs: number
  secret: string | null
  idleLogoffMs: number
  invitationTtlMs: number
  publicOrigin: string | null
  secure: boolean
  trustProxy: boolean
  openAccess: boolean
  video: VideoConfig
  callMaxObservers: number
  summaryTimeoutMs: number
  /** PostgreSQL (DATABASE_URL), or null for the SQLite file in dataDir. */
  database: { url: string; poolMax: number } | null
  /** Redis between instances (REDIS_URL), or null: one instance alone. */
  redis: { url: string; prefix: string } | null
  instanceId: string
}

/** The only reader of process.env. Throws one readable message naming every bad variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`The server's environment is not valid:\n${problems.join('\n')}`)
  }
  const env = parsed.data
  if (env.SYNC_OPEN_ACCESS === '1' && env.NODE_ENV === 'production') {
    throw new Error(
      "The server's environment is not valid:\n  SYNC_OPEN_ACCESS: open access is for development only, never with NODE_ENV=production",
    )
  }
  const together = severalInstancesProblems(env)
  if (together.length > 0) {
    throw new Error(
      `The server's environment is not valid:\n${together.map((line) => `  ${line}`).join('\n')}`,
    )
  }
  const publicOrigin = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : null
  return {
    host: env.HOST,
    port: env.PORT,
    dataDir: resolve(env.DATA_DIR),
    production: env.NODE_ENV === 'production',
    webDist: resolve(env.WEB_DIST),
    logLevel: env.LOG_LEVEL,
    synchronous: env.SQLITE_SYNCHRONOUS,
    evictAfterMs: env.EVICT_AFTER_MS,
    secret: env.BOARD_SECRET ?? null,
    idleLogoffMs: env.IDLE_LOGOFF_MS,
    invitationTtlMs: env.INVITATION_TTL_HOURS * 3_600_000,
    publicOrigin,
    secure: env.SECURE_COOKIES ? env.SECURE_COOKIES === '1' : publicOrigin?.startsWith('https:') === true,
    trustProxy: env.TRUST_PROXY === '1',
    openAccess: env.SYNC_OPEN_ACCESS === '1',
    video: videoFrom(env),
    callMaxObservers: env.LIVEKIT_MAX_OBSERVERS,
    summaryTimeoutMs: env.SUMMARY_TIMEOUT_MS,
    database: env.DATABASE_URL ? { url: env.DATABASE_URL, poolMax: env.PG_POOL_MAX } : null,
    redis: env.REDIS_URL ? { url: env.REDIS_URL, prefix: env.REDIS_PREFIX } : null,
    instanceId: env.INSTANCE_ID ?? randomBytes(8).toString('hex'),
  }
}

/**
 * What a server sharing PostgreSQL with other instances must share with them too. Each setting is
 * valid alone; these are the combinations that would fail later, and confusingly, on another instance.
 */
function severalInstancesProblems(env: z.infer<typeof envSchema>): string[] {
  const problems: string[] = []
  if (env.DATABASE_URL && !env.BOARD_SECRET) {
    problems.push(
      "BOARD_SECRET is required with DATABASE_URL: every instance must sign with the same secret, or each would refuse the others' links, tokens and cookies (a secret.key in each DATA_DIR differs).",
    )
  }
  if (env.DATABASE_URL && !env.LIVEKIT_URL && env.LIVEKIT_LOCAL !== '0') {
    problems.push(
      'LIVEKIT_URL (or LIVEKIT_LOCAL=0 for no video) is required with DATABASE_URL: a livekit-server started by each instance would split one call across several rooms.',
    )
  }
  if (env.REDIS_URL && !env.DATABASE_URL) {
    problems.push(
      'DATABASE_URL is required with REDIS_URL: instances that share Redis must share PostgreSQL, where every update is kept (Redis only carries news of them).',
    )
  }
  return problems
}

/**
 * LiveKit elsewhere when LIVEKIT_URL is set (then its key pair is required); otherwise a livekit-server
 * started on loopback from the local binary, if it is there.
 */
function videoFrom(env: z.infer<typeof envSchema>): VideoConfig {
  if (env.LIVEKIT_URL) {
    if (!env.LIVEKIT_API_KEY || !env.LIVEKIT_API_SECRET) {
      throw new Error(
        "The server's environment is not valid:\n  LIVEKIT_API_KEY and LIVEKIT_API_SECRET are required with LIVEKIT_URL",
      )
    }
    const publicUrl = new URL(env.LIVEKIT_PUBLIC_URL ?? env.LIVEKIT_URL)
    if (publicUrl.protocol === 'http:') publicUrl.protocol = 'ws:'
    if (publicUrl.protocol === 'https:') publicUrl.protocol = 'wss:'
    return {
      mode: 'livekit',
      settings: {
        apiUrl: env.LIVEKIT_URL,
        publicUrl: publicUrl.href.replace(/\/$/, ''),
        apiKey: env.LIVEKIT_API_KEY,
        apiSecret: env.LIVEKIT_API_SECRET,
        // The deployment's LiveKit hands browsers its own TURN servers.
        iceServers: null,
      },
    }
  }
  if (env.LIVEKIT_LOCAL === '0')
    return { mode: 'off', reason: 'video is switched off here (LIVEKIT_LOCAL=0)' }
  return {
    mode: 'local',
    binary: resolve(env.LIVEKIT_BINARY ?? LOCAL_LIVEKIT_BINARY),
    port: env.LIVEKIT_LOCAL_PORT,
    required: env.LIVEKIT_REQUIRED === '1',
  }
}
