// One row of the checkpoints part, in a process of its own: the document store's appends at about the
// sync part's 500 × 3 rate, with SQLite's write-ahead log copied into the database file either by the
// commits themselves (SQLite's default) or by our worker thread. Prints its figures as one JSON line.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@session-board/server/log'
import { openDatabase, openSqliteStore } from '@session-board/server/store/sqlite'
import { SqliteSql } from '@session-board/server/store/sqliteSql'
import { WalCheckpoints } from '@session-board/server/store/walCheckpoints'
import { hostBusySeconds } from '../servers.ts'
import { summarize } from '../stats.ts'
import type { AppendRow, CheckpointMode } from './checkpointsBench.ts'

const mode = process.argv[2] as CheckpointMode
const batches = Number(process.argv[3])
const BOARDS = 500
// The sync part's server stores about 6,000 updates a second at 500 × 3, each of about 120 bytes, in
// batches of a dozen or more: here 15 an append, with a 2 ms pause after each.
const BATCH = 15
const PAUSE_MS = 2
// A board compacts about every 500 updates; 50 boards every 300 appends is about that rate.
const COMPACT_EVERY = 300
const COMPACT_BOARDS = 50

const dataDir = mkdtempSync(join(tmpdir(), `board-bench-checkpoints-${mode}-`))
const file = join(dataDir, 'board.sqlite')
const db = openDatabase({ dataDir })
const checkpoints = mode === 'worker' ? WalCheckpoints.start(db, createLogger('warn')) : null
const store = openSqliteStore({ sql: new SqliteSql(db) })
const boards = Array.from({ length: BOARDS }, (_, i) => `cpl_bench${String(i).padStart(6, '0')}`)
const update = new Uint8Array(120).fill(7)
const snapshot = new Uint8Array(2_000).fill(9)

// The worker thread boots outside the measured window (both modes wait alike).
await new Promise((resolve) => setTimeout(resolve, 500))

const appendMs: number[] = []
let largestLogBytes = 0
let next = 0
const cpuBefore = process.cpuUsage()
const hostBefore = hostBusySeconds()
const startedAt = performance.now()
for (let i = 0; i < batches; i++) {
  const batch = Array.from({ length: BATCH }, () => ({
    documentId: boards[(next++ * 7_919) % BOARDS] as string,
    update,
  }))
  const at = performance.now()
  await store.append(batch)
  appendMs.push(performance.now() - at)
  if (i % COMPACT_EVERY === COMPACT_EVERY - 1) {
    for (const board of boards.slice(0, COMPACT_BOARDS))
      await store.compact(board, snapshot, await store.head(board))
    largestLogBytes = Math.max(largestLogBytes, statSync(`${file}-wal`).size)
  }
  await new Promise((resolve) => setTimeout(resolve, PAUSE_MS))
}
// process.cpuUsage covers every thread of the process, the worker's included.
const cpu = process.cpuUsage(cpuBefore)
const wallMs = performance.now() - startedAt
const cpuMs = (cpu.user + cpu.system) / 1_000
const row: AppendRow = {
  mode,
  appends: batches,
  updates: batches * BATCH,
  wallMs,
  cpuMs,
  otherCores: Math.max(0, (hostBusySeconds() - hostBefore) * 1_000 - cpuMs) / wallMs,
  appendMs: summarize(appendMs),
  largestLogMiB: largestLogBytes / 1_048_576,
}
await checkpoints?.stop()
await store.close()
db.close()
rmSync(dataDir, { recursive: true, force: true })
console.log(JSON.stringify(row))
