// One instance of our sync server for the instances part: as bench/our-server.ts (the sync core with no
// extensions: no door, no write rules), but its documents live in PostgreSQL and reach the other instances
// through Redis, as in a deployment of several instances. Each instance is its own process.
//   DATABASE_URL=postgres://… REDIS_URL=redis://… REDIS_PREFIX=… INSTANCE_ID=… [PG_POOL_MAX=10]
//   node bench/instances/instance-server.ts <dataDir>   → prints "Session board is up at http://127.0.0.1:<port>/"
// The data directory is where the server would keep its secret; the benchmark signs nothing.
import { startServer } from '@session-board/server/server'

function fail(message: string): never {
  process.stderr.write(`instance-server: ${message}\n`)
  process.exit(2)
}

const dataDir = process.argv[2] ?? fail('usage: node bench/instances/instance-server.ts <dataDir>')
const setting = (name: string, pattern: RegExp): string => {
  const value = process.env[name]
  if (value === undefined || !pattern.test(value)) fail(`${name} is missing or malformed`)
  return value
}
const databaseUrl = setting('DATABASE_URL', /^postgres(ql)?:\/\/\S+$/)
const redisUrl = setting('REDIS_URL', /^redis:\/\/\S+$/)
const prefix = setting('REDIS_PREFIX', /^[\w.-]{1,64}$/)
const instanceId = setting('INSTANCE_ID', /^[\w.-]{1,64}$/)
const poolMax = Number(process.env.PG_POOL_MAX ?? '10')
if (!(Number.isInteger(poolMax) && poolMax >= 1 && poolMax <= 100)) fail('PG_POOL_MAX takes 1 to 100')

// As index.ts wires DATABASE_URL and REDIS_URL: documents in PostgreSQL, fan-out and bus over Redis.
const server = await startServer({
  host: '127.0.0.1',
  port: 0,
  dataDir,
  logLevel: 'warn',
  extensions: [],
  database: { url: databaseUrl, poolMax },
  redis: { url: redisUrl, prefix },
  instanceId,
})
process.stdout.write(`Session board is up at ${server.url}\n`)

// As index.ts: close sockets, store what is pending and compact; then Redis and the pool.
const stop = (): void => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  )
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
