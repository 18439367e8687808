import { loadEnv } from './env.ts'
import { startServer } from './server.ts'

let env
try {
  env = loadEnv()
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
}

const server = await startServer({
  host: env.host,
  port: env.port,
  dataDir: env.dataDir,
  webDist: env.production ? env.webDist : null,
  logLevel: env.logLevel,
  synchronous: env.synchronous,
  evictAfterMs: env.evictAfterMs,
  extensions: env.openAccess ? [] : 'secure',
  video: env.video,
  database: env.database,
  redis: env.redis,
  instanceId: env.instanceId,
  access: {
    secret: env.secret,
    idleLogoffMs: env.idleLogoffMs,
    invitationTtlMs: env.invitationTtlMs,
    publicOrigin: env.publicOrigin,
    secure: env.secure,
    trustProxy: env.trustProxy,
    callMaxObservers: env.callMaxObservers,
    summaryTimeoutMs: env.summaryTimeoutMs,
  },
})
if (env.openAccess) {
  process.stderr.write(
    'WARNING: SYNC_OPEN_ACCESS=1: anyone can open and change any board. Development only.\n',
  )
}
// Tests and tools wait for exactly this line to learn the bound port.
process.stdout.write(`Session board is up at ${server.url}\n`)
// WebAuthn accepts no IP address as the relying party: on this machine passkeys need `localhost`.
if (server.url.startsWith('http://127.0.0.1:') || server.url.startsWith('http://[::1]:')) {
  const local = server.url.replace(/^http:\/\/(127\.0\.0\.1|\[::1\])/, 'http://localhost')
  process.stdout.write(`Open ${local} in your browser: passkeys (partners coming back) work only there.\n`)
}
const noVideo = server.access.call.unavailableReason
process.stdout.write(
  noVideo === null
    ? 'Video calls are on (LiveKit).\n'
    : `Video calls are off: ${noVideo}. The board works without them.\n`,
)

const stop = (signal: string) => {
  process.stderr.write(`Received ${signal}, saving and stopping.\n`)
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exit(1)
    },
  )
}
process.once('SIGTERM', () => stop('SIGTERM'))
process.once('SIGINT', () => stop('SIGINT'))
