// A worker thread with its own connection to the board's SQLite file: every `everyMs` it copies what the
// write-ahead log holds into the database file (a PASSIVE checkpoint, which never waits for the
// server's connection and never blocks it). See walCheckpoints.ts for why this is not done inline.
import { DatabaseSync } from 'node:sqlite'
import { parentPort, workerData } from 'node:worker_threads'
import type { CheckpointReport, CheckpointSettings } from './walCheckpoints.ts'

const { file, everyMs } = workerData as CheckpointSettings
const db = new DatabaseSync(file)
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)')

const report = (message: CheckpointReport) => parentPort?.postMessage(message)

const timer = setInterval(() => {
  try {
    checkpoint.get()
  } catch (error) {
    report({ type: 'failed', error: error instanceof Error ? error.message : String(error) })
  }
}, everyMs)

parentPort?.on('message', (message: unknown) => {
  if (message !== 'stop') return
  clearInterval(timer)
  db.close()
  parentPort?.close()
})
