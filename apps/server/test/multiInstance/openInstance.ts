// One instance of the sync server on PostgreSQL and Redis, with no extensions, in its own process, so
// a test can SIGKILL it: node openInstance.ts (DATABASE_URL, REDIS_URL, REDIS_PREFIX, INSTANCE_ID set)
// prints "listening <url>" once it serves.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer } from '../../src/server.ts'

const { DATABASE_URL, REDIS_URL, REDIS_PREFIX, INSTANCE_ID } = process.env
if (!DATABASE_URL || !REDIS_URL || !REDIS_PREFIX || !INSTANCE_ID) {
  process.stderr.write('DATABASE_URL, REDIS_URL, REDIS_PREFIX and INSTANCE_ID are needed\n')
  process.exit(2)
}
const server = await startServer({
  host: '127.0.0.1',
  port: 0,
  logLevel: (process.env.LOG_LEVEL as 'debug' | 'info' | 'warn' | 'silent' | undefined) ?? 'silent',
  evictAfterMs: 100,
  extensions: [],
  dataDir: mkdtempSync(join(tmpdir(), 'board-instance-')),
  database: { url: DATABASE_URL, poolMax: 4 },
  redis: { url: REDIS_URL, prefix: REDIS_PREFIX },
  instanceId: INSTANCE_ID,
})
process.stdout.write(`listening ${server.url}\n`)
