import type { TestProject } from 'vitest/node'
import { startPostgres } from './postgres.ts'
import { startRedis } from './redis.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's PostgreSQL, its `postgres` database: `freshDatabase` makes each test's from here. */
    postgresAdminUrl: string
    /** The run's redis-server (tests keep apart by their own key and channel prefix). */
    redisUrl: string
  }
}

/**
 * Starts the real PostgreSQL and redis-server once per vitest run, side by side, and stops them after
 * it. Each test file makes its own database from the template (`freshDatabase`).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const began = performance.now()
  const [postgres, redis] = await Promise.allSettled([startPostgres(), startRedis()])
  if (postgres.status === 'rejected' || redis.status === 'rejected') {
    if (postgres.status === 'fulfilled') await postgres.value.stop()
    if (redis.status === 'fulfilled') await redis.value.stop()
    throw postgres.status === 'rejected' ? postgres.reason : (redis as PromiseRejectedResult).reason
  }
  project.provide('postgresAdminUrl', postgres.value.adminUrl)
  project.provide('redisUrl', redis.value.url)
  const seconds = ((performance.now() - began) / 1000).toFixed(2)
  console.log(
    `› test services: PostgreSQL on port ${postgres.value.port}, Redis on ${redis.value.port} (${seconds} s)`,
  )
  return async () => {
    await Promise.all([postgres.value.stop(), redis.value.stop()])
  }
}
