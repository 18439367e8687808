// One instance of Hocuspocus for the instances part: @hocuspocus/server with @hocuspocus/extension-redis,
// both 4.7.0 (MIT), on their defaults, so several instances serve the same documents through one Redis.
// Nothing is stored: no persistence extension is configured, so a document lives in the instances'
// memory only (our instances store every update in PostgreSQL before any peer gets it).
//   REDIS_URL=redis://127.0.0.1:<port> REDIS_PREFIX=… INSTANCE_ID=…
//   node bench/instances/hocuspocus-server.ts   → prints "Hocuspocus is up at ws://127.0.0.1:<port>"
import { Redis } from '@hocuspocus/extension-redis'
import { Server } from '@hocuspocus/server'

function fail(message: string): never {
  process.stderr.write(`hocuspocus-server: ${message}\n`)
  process.exit(2)
}

const setting = (name: string, pattern: RegExp): string => {
  const value = process.env[name]
  if (value === undefined || !pattern.test(value)) fail(`${name} is missing or malformed`)
  return value
}
const redis = new URL(setting('REDIS_URL', /^redis:\/\/[\w.-]+:\d+\/?$/))
const prefix = setting('REDIS_PREFIX', /^[\w.-]{1,64}$/)
const identifier = setting('INSTANCE_ID', /^[\w.-]{1,64}$/)

const server = new Server({
  address: '127.0.0.1',
  port: 0,
  quiet: true,
  // Its own SIGTERM handler destroys the server (closing connections, unloading documents) and exits.
  stopOnSignals: true,
  extensions: [new Redis({ host: redis.hostname, port: Number(redis.port), prefix, identifier })],
})
await server.listen()
process.stdout.write(`Hocuspocus is up at ws://127.0.0.1:${server.address.port}\n`)
