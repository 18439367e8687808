// Starts our server for the benchmark: the production server (SQLite storage, persist-before-broadcast,
// compaction, eviction) with no extensions, as apps/server's sync/extension.ts intends for the benchmark, because
// the secure door wants a signed-up therapist, accepted invitations and connect tokens per client, and
// the role write-filter refuses the benchmark's map. So this measures the sync core and its storage,
// not the door or the write rules; the `ours-secure` kind runs apps/server/src/index.ts with them.
//   node bench/our-server.ts <dataDir>   → prints "Session board is up at http://127.0.0.1:<port>/"
import { startServer } from '@session-board/server/server'

const dataDir = process.argv[2]
if (!dataDir) {
  process.stderr.write('usage: node bench/our-server.ts <dataDir>\n')
  process.exit(2)
}

const server = await startServer({ host: '127.0.0.1', port: 0, dataDir, logLevel: 'warn', extensions: [] })
process.stdout.write(`Session board is up at ${server.url}\n`)

// Same shutdown as index.ts: close sockets, store what is pending, compact, then exit.
const stop = (): void => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  )
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
