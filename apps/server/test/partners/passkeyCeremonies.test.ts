import { DatabaseSync } from 'node:sqlite'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Passkeys, PASSKEY_CHALLENGE_TTL_MS } from '../../src/access/passkeys.ts'
import type { ChallengeContext } from '../../src/access/passkeys.ts'
import { createAccessTables } from '../../src/access/schema.ts'
import { sha256 } from '../../src/access/tokens.ts'
import { SqliteSql } from '../../src/store/sqliteSql.ts'
import { createCleanup, makeTempDir } from '../helpers.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

/**
 * Two server instances on one database: each has its own connection, as two processes would. What one
 * remembers of a ceremony, the other finds.
 */
async function twoInstances(clock: { now: number }) {
  const file = join(await makeTempDir(cleanup), 'board.sqlite')
  const open = () => {
    const db = new DatabaseSync(file)
    cleanup.add(() => db.close())
    return db
  }
  const first = open()
  createAccessTables(first)
  const now = () => clock.now
  return {
    one: new Passkeys(new SqliteSql(first), now),
    two: new Passkeys(new SqliteSql(open()), now),
    rows: (table: string) => Number(first.prepare(`SELECT count(*) AS n FROM ${table}`).get()?.n),
    pendingRow: (secret: string) =>
      first.prepare('SELECT therapist_id FROM pending_logins WHERE id_hash = ?').get(sha256(secret)),
  }
}

const registering: ChallengeContext = {
  purpose: 'register',
  owner: { kind: 'participant', id: 'ptc_ari' },
  deviceId: 'dev_phone',
}

describe('passkey ceremonies kept as rows', () => {
  it('answers a challenge remembered by one instance on the other, once', async () => {
    const clock = { now: 1_000_000 }
    const { one, two } = await twoInstances(clock)
    await one.rememberChallenge('challenge-register', registering)
    await one.rememberChallenge('challenge-sign-in', { purpose: 'sign-in', pendingLogin: null })

    expect(await two.takeChallenge('challenge-register')).toEqual(registering)
    // Taken: neither instance finds it again.
    expect(await one.takeChallenge('challenge-register')).toBeNull()
    expect(await two.takeChallenge('challenge-register')).toBeNull()
    expect(await one.takeChallenge('challenge-sign-in')).toEqual({ purpose: 'sign-in', pendingLogin: null })
    expect(await two.takeChallenge('never-given')).toBeNull()
  })

  it('finds nothing after five minutes, and sweeps expired rows away', async () => {
    const clock = { now: 1_000_000 }
    const { one, two, rows } = await twoInstances(clock)
    await one.rememberChallenge('old', registering)
    clock.now += PASSKEY_CHALLENGE_TTL_MS
    expect(await two.takeChallenge('old')).toBeNull()

    await one.rememberChallenge('stale', registering)
    clock.now += PASSKEY_CHALLENGE_TTL_MS + 1
    await two.rememberChallenge('fresh', registering)
    // Remembering a new one removed the expired one.
    expect(rows('passkey_challenges')).toBe(1)
    expect(await one.takeChallenge('fresh')).toEqual(registering)
  })

  it('keeps a pending sign-in by its hash, readable everywhere while it lasts, and finished once', async () => {
    const clock = { now: 1_000_000 }
    const { one, two, pendingRow } = await twoInstances(clock)
    const { pendingLogin, expiresAt } = await one.startPendingLogin('thr_maya')
    expect(expiresAt).toBe(clock.now + PASSKEY_CHALLENGE_TTL_MS)
    // The secret itself is only the browser's.
    expect(pendingRow(pendingLogin)).toEqual({ therapist_id: 'thr_maya' })

    expect(await two.pendingLogin(pendingLogin)).toBe('thr_maya')
    expect(await two.pendingLogin('made-up')).toBeNull()
    expect(await two.finishPendingLogin(pendingLogin)).toBe(true)
    expect(await one.finishPendingLogin(pendingLogin)).toBe(false)
    expect(await one.pendingLogin(pendingLogin)).toBeNull()

    const late = await two.startPendingLogin('thr_maya')
    clock.now = late.expiresAt
    expect(await one.pendingLogin(late.pendingLogin)).toBeNull()
  })
})
