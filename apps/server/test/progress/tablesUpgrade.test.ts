// Older SQLite files opened by today's server: the progress tables are added where they are missing.
// (PostgreSQL databases start at the newest schema, so these run in the sqlite project only.)
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { DIAL_METRICS } from '@session-board/board'
import { afterEach, describe, expect, it } from 'vitest'
import { createCleanup, makeTempDir } from '../helpers.ts'
import { Browser, openRoom, startSecureServer } from '../access/people.ts'
import { couplesApi } from '../couples/couple.ts'
import { choosePlanMetrics, coupleOf, entryFor, menuMetric, progressApi } from './progress.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const agreed = 'We take a time-out and call the clinic line.'
const safety = { ...DIAL_METRICS.safety, flags: { yellow: 6, red: 4, responses: { red: agreed } } }

describe('a database of tables version 1', () => {
  it('gets the table of entries when today’s server opens it', async () => {
    const dataDir = await makeTempDir(cleanup)
    const first = await startSecureServer(cleanup, { dataDir })
    await first.close()
    const db = new DatabaseSync(join(dataDir, 'board.sqlite'))
    db.exec('DROP TABLE progress_entries; PRAGMA user_version = 1')
    db.close()

    const server = await startSecureServer(cleanup, { dataDir })
    const room = await openRoom(server)
    const coupleId = await coupleOf(room)
    await choosePlanMetrics(server, coupleId, [menuMetric('routines:walks')])
    const logged = entryFor('routines:walks', 45)
    expect((await progressApi(room.partnerA.browser, coupleId).log([logged])).status).toBe(200)
    expect(await progressApi(room.partnerB.browser, coupleId).entries()).toEqual([logged])
  })
})

describe('a database of tables version 2', () => {
  it('gets the flags table, and a couple in active treatment moves to skill adoption', async () => {
    const dataDir = await makeTempDir(cleanup)
    const first = await startSecureServer(cleanup, { dataDir })
    const room = await openRoom(first)
    const coupleId = await coupleOf(room)
    await first.close()
    const db = new DatabaseSync(join(dataDir, 'board.sqlite'))
    db.exec(`DROP TABLE flags; UPDATE couples SET phase = 'active'; PRAGMA user_version = 2`)
    db.close()

    const server = await startSecureServer(cleanup, { dataDir })
    // The same browsers, on the restarted server's port.
    const reopened = (browser: Browser) => {
      const again = new Browser(server.url)
      for (const [name, value] of browser.cookies) again.cookies.set(name, value)
      again.csrfToken = browser.csrfToken
      return again
    }
    const [couple] = (await couplesApi(reopened(room.therapist.browser)).caseload()).couples
    expect(couple?.phase).toBe('skillAdoption')
    await choosePlanMetrics(server, coupleId, [safety])
    const answer = await progressApi(reopened(room.partnerA.browser), coupleId).log([
      entryFor('dial:safety', 4),
    ])
    expect(await answer.json()).toMatchObject({ entries: [{ flag: { level: 'red', response: agreed } }] })
  })
})
