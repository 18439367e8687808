// One instance of the sync server on PostgreSQL and Redis, with no extensions, in its own process, so
// a test can SIGKILL it: node openInstance.ts (DATABASE_URL, REDIS_URL, REDIS_PREFIX, INSTANCE_ID set)
// prints "listening <url>" once it serves.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RedisFanout } from '../../src/fanout/redisFanout.ts'
import { createLogger } from '../../src/log.ts'
import { startServer } from '../../src/server.ts'
import { openPostgresStore } from '../../src/store/postgres.ts'
import { PostgresSql } from '../../src/store/postgresSql.ts'

const { DATABASE_URL, REDIS_URL, REDIS_PREFIX, INSTANCE_ID } = process.env
if (!DATABASE_URL || !REDIS_URL || !REDIS_PREFIX || !INSTANCE_ID) {
  process.stderr.write('DATABASE_URL, REDIS_URL, REDIS_PREFIX and INSTANCE_ID are needed\n')
  process.exit(2)
}
const sql = new PostgresSql({ connectionString: DATABASE_URL, max: 4 })
const store = await openPostgresStore({ sql })
const fanout = await RedisFanout.connect({
  url: REDIS_URL,
  prefix: REDIS_PREFIX,
  instanceId: INSTANCE_ID,
  log: createLogger('silent'),
})
const server = await startServer({
  host: '127.0.0.1',
  port: 0,
  logLevel: (process.env.LOG_LEVEL as 'debug' | 'info' | 'warn' | 'silent' | undefined) ?? 'silent',
  evictAfterMs: 100,
  extensions: [],
  dataDir: mkdtempSync(join(tmpdir(), 'board-instance-')),
  store,
  fanout,
})
process.stdout.write(`listening ${server.url}\n`)
