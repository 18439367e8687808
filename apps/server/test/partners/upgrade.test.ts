import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { admit } from '../../src/access/enrolment.ts'
import { Invitations } from '../../src/access/invitations.ts'
import { upgradePartnerTables } from '../../src/access/partnerTables.ts'
import { sha256 } from '../../src/access/tokens.ts'
import { SqliteSql } from '../../src/store/sqliteSql.ts'

/** The tables as main had them before couples (version 0), with the couple column the core upgrade adds first. */
const VERSION_0 = `
  CREATE TABLE sessions (id TEXT PRIMARY KEY, therapist_id TEXT NOT NULL, title TEXT NOT NULL,
    partner_a_name TEXT NOT NULL, partner_b_name TEXT NOT NULL, scheduled_for INTEGER,
    created_at INTEGER NOT NULL, ended_at INTEGER, couple_id TEXT);
  CREATE TABLE invitations (id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions (id),
    role TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, revoked_at INTEGER);
  CREATE INDEX invitations_by_session ON invitations (session_id);
  CREATE TABLE participants (id TEXT PRIMARY KEY, cookie_hash TEXT NOT NULL UNIQUE,
    session_id TEXT NOT NULL REFERENCES sessions (id), invitation_id TEXT NOT NULL REFERENCES invitations (id),
    role TEXT NOT NULL, display_name TEXT NOT NULL, consented_at INTEGER NOT NULL);
`

function versionZero(): DatabaseSync {
  const db = new DatabaseSync(':memory:')
  db.exec(VERSION_0)
  const session = db.prepare(
    `INSERT INTO sessions (id, therapist_id, title, partner_a_name, partner_b_name, created_at, couple_id)
     VALUES (?, 'thr_1', ?, 'Ari', 'Bo', ?, 'cpl_one')`,
  )
  session.run('ses_week1', 'Week 1', 1_000)
  session.run('ses_week2', 'Week 2', 2_000)
  const link = db.prepare(
    'INSERT INTO invitations (id, session_id, role, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)',
  )
  link.run('inv_a1', 'ses_week1', 'partnerA', 1_000, 9e15, null)
  link.run('inv_b1', 'ses_week1', 'partnerB', 1_000, 9e15, 1_500) // reissued: the old one was revoked
  link.run('inv_b1b', 'ses_week1', 'partnerB', 1_500, 9e15, null)
  link.run('inv_o1', 'ses_week1', 'observer', 1_000, 9e15, null)
  link.run('inv_a2', 'ses_week2', 'partnerA', 2_000, 9e15, null)
  link.run('inv_b2', 'ses_week2', 'partnerB', 2_000, 9e15, null) // never used
  const person = db.prepare(
    `INSERT INTO participants (id, cookie_hash, session_id, invitation_id, role, display_name, consented_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  )
  person.run('ptc_a_week1', sha256('cookie-a1'), 'ses_week1', 'inv_a1', 'partnerA', 'Ari', 1_100)
  person.run('ptc_b_old', sha256('cookie-b-old'), 'ses_week1', 'inv_b1', 'partnerB', 'Bo', 1_200)
  person.run('ptc_b_week1', sha256('cookie-b1'), 'ses_week1', 'inv_b1b', 'partnerB', 'Bo', 1_600)
  person.run('ptc_obs1', sha256('cookie-o1'), 'ses_week1', 'inv_o1', 'observer', 'Student', 1_100)
  person.run('ptc_obs2', sha256('cookie-o2'), 'ses_week1', 'inv_o1', 'observer', 'Supervisor', 1_150)
  person.run('ptc_a_week2', sha256('cookie-a2'), 'ses_week2', 'inv_a2', 'partnerA', 'Ari M.', 2_100)
  return db
}

describe('upgrading the partner tables from version 0', () => {
  it('keeps every browser signed in as before; a partner becomes one person of the couple', async () => {
    const db = versionZero()
    upgradePartnerTables(db, 3_000)
    const invitations = new Invitations(new SqliteSql(db), () => 3_000)

    // Partner A joined in two sessions from two browsers: one person (the latest id), two devices.
    for (const cookie of ['cookie-a1', 'cookie-a2']) {
      expect(await invitations.participantByCookie(cookie)).toMatchObject({
        id: 'ptc_a_week2',
        coupleId: 'cpl_one',
        sessionId: null,
        role: 'partnerA',
        displayName: 'Ari M.',
      })
    }
    // Partner B's browser from the revoked link stays shut out; the reissued one works.
    expect(await invitations.participantByCookie('cookie-b-old')).toBeNull()
    expect((await invitations.participantByCookie('cookie-b1'))?.id).toBe('ptc_b_week1')
    // Observers stay one person each, in their session.
    expect(await invitations.participantByCookie('cookie-o1')).toMatchObject({
      id: 'ptc_obs1',
      sessionId: 'ses_week1',
    })
    expect(await invitations.participantByCookie('cookie-o2')).toMatchObject({
      id: 'ptc_obs2',
      sessionId: 'ses_week1',
    })
    expect(await invitations.participantById('ptc_a_week1')).toBeNull()

    const count = (sql: string) => Number(db.prepare(sql).get()?.n)
    expect(count('SELECT count(*) AS n FROM participants')).toBe(4)
    expect(count('SELECT count(*) AS n FROM devices')).toBe(6)
    expect((await invitations.partnerOf('cpl_one', 'partnerA'))?.id).toBe('ptc_a_week2')

    // Links: partners' belong to the couple now; each keeps how it was used.
    const links = Object.fromEntries(
      await Promise.all(['inv_a1', 'inv_b2', 'inv_o1'].map(async (id) => [id, await invitations.byId(id)])),
    )
    expect(links.inv_a1).toMatchObject({ coupleId: 'cpl_one', sessionId: null, admits: 1, used: 1 })
    expect(links.inv_b2).toMatchObject({ sessionId: null, used: 0, revokedAt: null })
    expect(links.inv_o1).toMatchObject({ sessionId: 'ses_week1', admits: 2, used: 2 })
    expect((await invitations.listFor('ses_week2')).map((link) => link.id).sort()).toEqual(
      ['inv_a1', 'inv_a2', 'inv_b1', 'inv_b1b', 'inv_b2'].sort(),
    )

    // Partner A opens their old link again in a browser that holds the cookie under the old session's
    // name: recognised, and given the same secret under the couple's name; any other browser only asks.
    const link = await invitations.byId('inv_a2')
    if (!link) throw new Error('no link')
    const visitor = { displayName: 'Ari', cookie: undefined, label: 'Safari on iPhone' }
    expect(await admit(invitations, link, { ...visitor, otherCookies: ['cookie-a1'] })).toMatchObject({
      kind: 'joined',
      event: 'same_device',
      cookie: 'cookie-a1',
      participant: { id: 'ptc_a_week2' },
    })
    expect(await admit(invitations, link, { ...visitor, otherCookies: ['cookie-b1'] })).toMatchObject({
      kind: 'awaiting',
      participant: { id: 'ptc_a_week2' },
    })

    // Run again (a restart): nothing changes.
    upgradePartnerTables(db, 4_000)
    expect(count('SELECT count(*) AS n FROM devices')).toBe(7)
  })

  it('changes nothing when a session has no couple yet', () => {
    const db = versionZero()
    db.exec("UPDATE sessions SET couple_id = NULL WHERE id = 'ses_week2'")
    expect(() => upgradePartnerTables(db)).toThrow(/couple_id/)
    expect(Number(db.prepare('SELECT count(*) AS n FROM participants').get()?.n)).toBe(6)
    expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'devices'").get()).toBeUndefined()
  })
})
