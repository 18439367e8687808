import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { createAccessTables } from '../../src/access/schema.ts'
import { CallKeys } from '../../src/livekit/callKeys.ts'
import { SqliteSql } from '../../src/store/sqliteSql.ts'

const opened: DatabaseSync[] = []
afterEach(() => {
  for (const db of opened.splice(0)) db.close()
})

function callKeys(): CallKeys {
  const db = new DatabaseSync(':memory:')
  opened.push(db)
  createAccessTables(db)
  return new CallKeys(new SqliteSql(db))
}

describe('call keys', () => {
  it('gives everyone who asks at once for a new session’s key the same key', async () => {
    const keys = callKeys()
    const asked = await Promise.all(Array.from({ length: 5 }, () => keys.current('ses_one')))
    expect(new Set(asked.map(({ key }) => key)).size).toBe(1)
    expect(asked[0]).toMatchObject({ keyIndex: 0 })
    expect(asked[0]?.key).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(await keys.current('ses_one')).toEqual(asked[0])
    expect((await keys.current('ses_two')).key).not.toBe(asked[0]?.key)
  })

  it('rotates to the next index with a new key, and never gives one index two keys', async () => {
    const keys = callKeys()
    // A session whose key was never asked for starts its rotations at 1, as if 0 had been made.
    expect((await keys.rotate('ses_fresh')).keyIndex).toBe(1)

    const first = await keys.current('ses_one')
    const rotated = await keys.rotate('ses_one')
    expect(rotated.keyIndex).toBe(1)
    expect(rotated.key).not.toBe(first.key)
    expect(await keys.current('ses_one')).toEqual(rotated)

    const together = await Promise.all([keys.rotate('ses_one'), keys.rotate('ses_one')])
    expect(together.map(({ keyIndex }) => keyIndex).sort()).toEqual([2, 3])
    const latest = together.find(({ keyIndex }) => keyIndex === 3)
    expect(await keys.current('ses_one')).toEqual(latest)
  })
})
