import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../src/log.ts'
import { DatabaseClock } from '../src/store/databaseClock.ts'
import { PostgresSql } from '../src/store/postgresSql.ts'
import { createCleanup } from './helpers.ts'
import { dropDatabase, freshDatabase } from './services/postgres.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

describe('the clock every instance agrees on', () => {
  it('two instances whose hosts disagree by minutes read the same time from the database', async () => {
    const url = await freshDatabase('clock')
    cleanup.add(() => dropDatabase(url))
    const sql = new PostgresSql({ connectionString: url, max: 2 })
    cleanup.add(() => sql.close())
    const quiet = createLogger('silent')
    // One host runs 3 minutes fast, the other 2 minutes slow.
    const fast = await DatabaseClock.start(sql, quiet, () => Date.now() + 180_000)
    const slow = await DatabaseClock.start(sql, quiet, () => Date.now() - 120_000)
    cleanup.add(() => {
      fast.stop()
      slow.stop()
    })
    expect(Math.abs(fast.now() - slow.now())).toBeLessThan(20)
    // And both agree with the database itself, within a round trip.
    const before = fast.now()
    const row = await sql.get<{ at: number }>(
      'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS at',
    )
    const after = fast.now()
    expect(row!.at).toBeGreaterThanOrEqual(before - 20)
    expect(row!.at).toBeLessThanOrEqual(after + 20)
    expect(fast.offsetMs).toBeLessThan(-170_000)
  })
})
