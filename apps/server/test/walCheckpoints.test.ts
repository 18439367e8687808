import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../src/log.ts'
import { openDatabase } from '../src/store/sqlite.ts'
import { WalCheckpoints } from '../src/store/walCheckpoints.ts'
import { createCleanup, makeTempDir, waitFor } from './helpers.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const MiB = 1024 * 1024
const bytesOf = (file: string) => (existsSync(file) ? statSync(file).size : 0)

/** About 7.6 MiB in 400 commits: twice what SQLite would otherwise copy inline, at 1,000 pages. */
function writeNotes(db: DatabaseSync): void {
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body BLOB NOT NULL)')
  const insert = db.prepare('INSERT INTO notes (body) VALUES (?)')
  for (let commit = 0; commit < 400; commit++) {
    db.exec('BEGIN IMMEDIATE')
    for (let row = 0; row < 5; row++) insert.run(new Uint8Array(4000).fill(commit % 251))
    db.exec('COMMIT')
  }
}

describe('WAL checkpoints in the background', () => {
  it('copies the log into the database file in a worker, not in the commits that edits wait for', async () => {
    const dataDir = await makeTempDir(cleanup)
    const db = openDatabase({ dataDir })
    const checkpoints = WalCheckpoints.start(db, createLogger('silent'))
    cleanup.add(() => db.isOpen && db.close())
    cleanup.add(() => checkpoints.stop())
    const file = join(dataDir, 'board.sqlite')

    writeNotes(db)
    // Still in this turn of the event loop: no commit copied its pages, so the file has not grown.
    expect(bytesOf(file)).toBeLessThan(MiB)
    expect(bytesOf(`${file}-wal`)).toBeGreaterThan(7 * MiB)

    await waitFor(() => bytesOf(file) > 7 * MiB, 'the worker to copy the log into the database file', 5_000)
  })

  it('stops before the connection closes, so the close checkpoints last and leaves no log behind', async () => {
    const dataDir = await makeTempDir(cleanup)
    const db = openDatabase({ dataDir })
    const checkpoints = WalCheckpoints.start(db, createLogger('silent'))
    writeNotes(db)
    await checkpoints.stop()
    db.close()

    const file = join(dataDir, 'board.sqlite')
    expect(existsSync(`${file}-wal`)).toBe(false)
    const reopened = new DatabaseSync(file)
    cleanup.add(() => reopened.close())
    expect(reopened.prepare('SELECT count(*) AS n FROM notes').get()).toEqual({ n: 2000 })
  })
})
