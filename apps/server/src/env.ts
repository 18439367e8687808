import { join, resolve } from 'node:path'
import { z } from 'zod'
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
}

/** The only reader of process.env. Throws one readable message naming every bad variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`The server's environment is not valid:\n${problems.join('\n')}`)
  }
  const env = parsed.data
  return {
    host: env.HOST,
    port: env.PORT,
    dataDir: resolve(env.DATA_DIR),
    production: env.NODE_ENV === 'production',
    webDist: resolve(env.WEB_DIST),
    logLevel: env.LOG_LEVEL,
    synchronous: env.SQLITE_SYNCHRONOUS,
    evictAfterMs: env.EVICT_AFTER_MS,
  }
}
