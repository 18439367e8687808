import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { admit } from '../../src/access/enrolment.ts'
import { Invitations } from '../../src/access/invitations.ts'
import { createAccessTables } from '../../src/access/schema.ts'
import { SqliteSql } from '../../src/store/sqliteSql.ts'

const opened: DatabaseSync[] = []
afterEach(() => {
  for (const db of opened.splice(0)) db.close()
})

function invitationTables(): { invitations: Invitations; count: (table: string) => number } {
  const db = new DatabaseSync(':memory:')
  opened.push(db)
  createAccessTables(db)
  const invitations = new Invitations(new SqliteSql(db), () => 10_000)
  const count = (table: string) => Number(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()?.n)
  return { invitations, count }
}

const visitor = (displayName: string) => ({
  displayName,
  cookie: undefined,
  otherCookies: [],
  label: 'Firefox on Linux',
})

describe('admitting through a link, with other requests in flight', () => {
  it('lets one person in on an observer link for one, however many open it at once', async () => {
    const { invitations, count } = invitationTables()
    const link = await invitations.issue({
      coupleId: 'cpl_one',
      sessionId: 'ses_one',
      role: 'observer',
      admits: 1,
      ttlMs: 60_000,
    })
    const outcomes = await Promise.all(
      ['Student', 'Supervisor', 'Someone'].map((name) => admit(invitations, link, visitor(name))),
    )
    expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(['joined', 'used_up', 'used_up'])
    expect(count('participants')).toBe(1)
    expect((await invitations.byId(link.id))?.used).toBe(1)
  })

  it('enrols a partner once when their link is opened in two browsers at the same moment', async () => {
    const { invitations, count } = invitationTables()
    const link = await invitations.issue({
      coupleId: 'cpl_one',
      sessionId: null,
      role: 'partnerA',
      admits: 1,
      ttlMs: 60_000,
    })
    const [phone, laptop] = await Promise.all([
      admit(invitations, link, visitor('Ari')),
      admit(invitations, link, visitor('Ari on the laptop')),
    ])
    expect(phone).toMatchObject({ kind: 'joined', event: 'device_enrolled' })
    // The second found the link used and its partner enrolled: it only asks.
    expect(laptop).toMatchObject({ kind: 'awaiting', isNew: true, returning: false })
    expect(count('participants')).toBe(1)
    expect(count('devices')).toBe(2)
  })

  it('admits nobody through a link revoked after the caller read it', async () => {
    const { invitations, count } = invitationTables()
    const link = await invitations.issue({
      coupleId: 'cpl_one',
      sessionId: null,
      role: 'partnerB',
      admits: 1,
      ttlMs: 60_000,
    })
    await invitations.revoke(link.id)
    expect(await admit(invitations, link, visitor('Bo'))).toEqual({ kind: 'not_live' })
    expect(count('participants')).toBe(0)
    expect(count('devices')).toBe(0)
    expect((await invitations.byId(link.id))?.used).toBe(0)
  })
})
