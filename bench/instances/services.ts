// The real PostgreSQL and redis-server the instances share, started as the server's tests start them
// (apps/server/test/services/: PostgreSQL as the `board-pg` user when we are root, on free loopback
// ports, durability off), and the CPU each spends, read from /proc.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import * as Y from 'yjs'
import { openPostgresStore } from '../../apps/server/src/store/postgres.ts'
import { PostgresSql } from '../../apps/server/src/store/postgresSql.ts'
// Only for its types: it declares what vitest's inject() hands the tests, which postgres.ts reads in
// functions this file does not call.
import type {} from '../../apps/server/test/services/globalSetup.ts'
import { startPostgres } from '../../apps/server/test/services/postgres.ts'
import { startRedis } from '../../apps/server/test/services/redis.ts'
import { childrenOf, treeCpu } from '../call/procs.ts'
import { cpuSeconds, reapedChildrenCpuSeconds } from '../servers.ts'

/** The database the test services create with the server's schema; each run copies it. */
const TEMPLATE = 'board_template'

export interface Services {
  redisUrl: string
  /** What runs, for the report: PostgreSQL's version, Redis's. */
  versions: { postgres: string; redis: string }
  /** A new database with the schema, for one row. */
  freshDatabase(): Promise<string>
  dropDatabase(url: string): Promise<void>
  /**
   * Transactions committed so far in that database (pg_stat_database). Backends report them when they
   * go idle, at most a second late, so a count over a window of tens of seconds is close.
   */
  commits(url: string): Promise<number>
  /** Every document of `names`, as a new instance would load it from that database. */
  readDocuments(url: string, names: string[]): Promise<Map<string, Y.Doc>>
  /** CPU seconds so far of the postmaster, its live processes and the backends it reaped. */
  postgresCpuSeconds(): number
  redisCpuSeconds(): number
  stop(): Promise<void>
}

export async function startServices(): Promise<Services> {
  const postgres = await startPostgres()
  const redis = await startRedis().catch(async (error: unknown) => {
    await postgres.stop()
    throw error
  })
  const admin = new PostgresSql({ connectionString: postgres.adminUrl, max: 1 })
  try {
    // The postmaster is the parent of every backend; pg_ctl started it, so it is not our child.
    const backend = await admin.get<{ pid: number; version: string }>(
      "SELECT pg_backend_pid() AS pid, current_setting('server_version') AS version",
    )
    if (!backend) throw new Error('PostgreSQL did not say who it is')
    const postmaster = parentOf(backend.pid)
    const redisServer = childrenOf(process.pid).find((child) => child.comm === 'redis-server')
    if (!redisServer) throw new Error('the redis-server process was not found among our children')
    const redisVersion = /v=(\S+)/.exec(execFileSync('redis-server', ['--version']).toString())?.[1]

    const urlOf = (name: string): string => {
      const url = new URL(postgres.adminUrl)
      url.pathname = `/${name}`
      return url.toString()
    }
    return {
      redisUrl: redis.url,
      versions: { postgres: backend.version, redis: redisVersion ?? 'redis-server' },
      freshDatabase: async () => {
        const name = `bench_${randomBytes(6).toString('hex')}`
        await admin.run(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`)
        return urlOf(name)
      },
      dropDatabase: async (url) => {
        const name = new URL(url).pathname.slice(1)
        if (!/^bench_[0-9a-f]+$/.test(name)) throw new Error(`not a bench database: ${name}`)
        await admin.run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      },
      commits: async (url) => {
        const row = await admin.get<{ commits: number }>(
          'SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = ?',
          [new URL(url).pathname.slice(1)],
        )
        return row?.commits ?? NaN
      },
      readDocuments: async (url, names) => {
        const sql = new PostgresSql({ connectionString: url, max: 1 })
        try {
          const store = await openPostgresStore({ sql })
          const docs = new Map<string, Y.Doc>()
          for (const name of names) {
            const stored = await store.load(name)
            const doc = new Y.Doc()
            if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
            for (const { update } of stored.updates) Y.applyUpdate(doc, update)
            docs.set(name, doc)
          }
          return docs
        } finally {
          await sql.close()
        }
      },
      postgresCpuSeconds: () => {
        let ms = 0
        for (const { cpuMs } of treeCpu(postmaster).values()) ms += cpuMs
        return ms / 1_000 + reapedChildrenCpuSeconds(postmaster)
      },
      redisCpuSeconds: () => cpuSeconds(redisServer.pid),
      stop: async () => {
        await admin.close()
        await Promise.allSettled([redis.stop(), postgres.stop()])
      },
    }
  } catch (error) {
    await admin.close()
    await Promise.allSettled([redis.stop(), postgres.stop()])
    throw error
  }
}

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
}
