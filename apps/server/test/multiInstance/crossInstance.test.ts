// Two real server processes (index.ts, as deployed) on one PostgreSQL and one Redis: partner A on the
// first instance, partner B and the therapist on the second.
import { randomUUID } from 'node:crypto'
import { addGoal, selectGoals, selectHuddle, setConsent, startHuddle, updateGoal } from '@session-board/board'
import { SYNC_CLOSE, serverTimeSchema } from '@session-board/protocol'
import { afterEach, describe, expect, inject, it } from 'vitest'
import type { Client } from '../helpers.ts'
import {
  connectClient,
  createCleanup,
  makeTempDir,
  spawnServer,
  waitForDoc,
  waitSynced,
  withTimeout,
} from '../helpers.ts'
import { Browser, TEST_SECRET } from '../access/people.ts'
import {
  openLink,
  partnerLink,
  partners,
  startSession,
  therapistWithCouple,
} from '../partners/partnerPeople.ts'
import type { RunningServer } from '../../src/server.ts'
import { dropDatabase, freshDatabase } from '../services/postgres.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

async function twoInstances() {
  const databaseUrl = await freshDatabase('cross')
  cleanup.add(() => dropDatabase(databaseUrl))
  const shared = {
    DATABASE_URL: databaseUrl,
    PG_POOL_MAX: '4',
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: `x${randomUUID().slice(0, 8)}`,
    BOARD_SECRET: TEST_SECRET,
    SYNC_OPEN_ACCESS: '0',
    LIVEKIT_LOCAL: '0',
  }
  const one = await spawnServer(cleanup, {
    ...shared,
    INSTANCE_ID: 'one',
    DATA_DIR: await makeTempDir(cleanup),
  })
  const two = await spawnServer(cleanup, {
    ...shared,
    INSTANCE_ID: 'two',
    DATA_DIR: await makeTempDir(cleanup),
  })
  return { one: one.url, two: two.url }
}

async function boardToken(browser: Browser, sessionId: string): Promise<string> {
  const response = await browser.request('POST', `/api/sessions/${sessionId}/connect-token`, {
    target: 'board',
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { token: string }).token
}

/** A couple in a started session, everyone's account made through instance one. */
async function coupleInSession(one: string) {
  // The helpers take a RunningServer for its URL alone.
  const server = { url: one } as RunningServer
  const { therapist, coupleId } = await therapistWithCouple(server)
  const { session } = await startSession(therapist, coupleId)
  const partnerA = new Browser(one)
  await openLink(partnerA, await partnerLink(therapist, coupleId, 'partnerA'), 'Ari')
  const partnerB = new Browser(one)
  await openLink(partnerB, await partnerLink(therapist, coupleId, 'partnerB'), 'Bo')
  return { therapist, partnerA, partnerB, coupleId, sessionId: session.id }
}

function join(url: string, sessionId: string, token: string): Client & { closedWith: () => number | null } {
  let closedWith: number | null = null
  const client = connectClient(cleanup, url, sessionId, { params: { token }, shouldReconnect: () => false })
  client.provider.on('connection-close', (event: CloseEvent | null) => {
    closedWith = event?.code ?? null
  })
  return { ...client, closedWith: () => closedWith }
}

describe('two instances on one PostgreSQL and one Redis', () => {
  it('partner A on one, partner B and the therapist on two: each sees the others’ goals, consents and huddle clock', async () => {
    const { one, two } = await twoInstances()
    const couple = await coupleInSession(one)
    const a = join(one, couple.sessionId, await boardToken(couple.partnerA, couple.sessionId))
    const b = join(two, couple.sessionId, await boardToken(couple.partnerB, couple.sessionId))
    const therapist = join(two, couple.sessionId, await boardToken(couple.therapist, couple.sessionId))
    await Promise.all([a, b, therapist].map((client) => waitSynced(client)))

    // Partner A's goal reaches instance two; the therapist's wording and partner B's consent come back.
    const goalId = addGoal(a.doc, { title: 'Walk after dinner on weekdays' })
    const goalIn = (client: Client) => selectGoals(client.doc).find((goal) => goal.id === goalId)
    await waitForDoc(b.doc, () => goalIn(b) !== undefined, 'partner A’s goal on partner B’s board')
    await waitForDoc(
      therapist.doc,
      () => goalIn(therapist) !== undefined,
      'partner A’s goal on the therapist’s board',
    )
    updateGoal(therapist.doc, goalId, { measurable: 'Five walks a week, 20 minutes each' })
    await waitForDoc(
      a.doc,
      () => goalIn(a)?.measurable === 'Five walks a week, 20 minutes each',
      'the therapist’s wording on partner A’s board',
    )
    setConsent(b.doc, goalId, 'partnerB', true)
    await waitForDoc(
      a.doc,
      () => goalIn(a)?.willing.partnerB === true,
      'partner B’s consent on partner A’s board',
    )
    setConsent(a.doc, goalId, 'partnerA', true)
    await waitForDoc(
      therapist.doc,
      () => goalIn(therapist)?.willing.partnerA === true,
      'partner A’s consent on the therapist’s board',
    )
    await waitForDoc(
      b.doc,
      () => goalIn(b)?.willing.partnerA === true,
      'partner A’s consent on partner B’s board',
    )

    // The therapist starts the huddle on instance two; partner A's board counts from the same moment.
    startHuddle(therapist.doc)
    await waitForDoc(
      a.doc,
      () => selectHuddle(a.doc).status === 'running',
      'the huddle running for partner A',
    )
    await waitForDoc(
      b.doc,
      () => selectHuddle(b.doc).status === 'running',
      'the huddle running for partner B',
    )
    const startedAt = selectHuddle(therapist.doc).startedAt
    expect(startedAt).not.toBeNull()
    expect(selectHuddle(a.doc).startedAt).toBe(startedAt)
    expect(selectHuddle(b.doc).startedAt).toBe(startedAt)

    // Both instances tell the time by PostgreSQL's clock, so their /api/time answers agree.
    const timeAt = async (url: string) => {
      const sent = Date.now()
      const answer = serverTimeSchema.parse(await (await fetch(new URL('api/time', url))).json())
      // Where the answer sits in this test's clock: the middle of the round trip.
      return answer.now - (sent + Date.now()) / 2
    }
    const offsets = [await timeAt(one), await timeAt(two), await timeAt(one), await timeAt(two)]
    expect(Math.abs(offsets[0]! - offsets[1]!)).toBeLessThan(20)
    expect(Math.abs(offsets[2]! - offsets[3]!)).toBeLessThan(20)

    // Every peer ends with the same goal, both consents standing.
    for (const client of [a, b, therapist]) {
      expect(goalIn(client)).toMatchObject({
        title: 'Walk after dinner on weekdays',
        measurable: 'Five walks a week, 20 minutes each',
        willing: { partnerA: true, partnerB: true },
      })
    }
  })

  it('partner B’s device withdrawn on instance one has its socket on instance two closed within a second', async () => {
    const { one, two } = await twoInstances()
    const couple = await coupleInSession(one)
    const b = join(two, couple.sessionId, await boardToken(couple.partnerB, couple.sessionId))
    const a = join(two, couple.sessionId, await boardToken(couple.partnerA, couple.sessionId))
    await Promise.all([waitSynced(b), waitSynced(a)])

    // Partner B's phone, as the therapist's list of devices shows it.
    const listed = await partners(couple.therapist, couple.coupleId)
    const deviceId = listed.partners.find((partner) => partner.role === 'partnerB')?.devices[0]?.id
    expect(deviceId).toBeDefined()
    const asked = Date.now()
    const withdrawn = await couple.therapist.request(
      'POST',
      `/api/couples/${couple.coupleId}/devices/${deviceId}/withdraw`,
      {},
    )
    expect(withdrawn.status).toBe(200)
    await withTimeout(
      new Promise<void>((resolve) => {
        const check = () => (b.closedWith() !== null ? resolve() : setTimeout(check, 5))
        check()
      }),
      1_000,
      'partner B’s socket on instance two to close',
    )
    expect(Date.now() - asked).toBeLessThan(1_000)
    expect(b.closedWith()).toBe(SYNC_CLOSE.forbidden.code)
    // Partner A, on the same instance, stays.
    expect(a.closedWith()).toBeNull()
    expect(a.provider.wsconnected).toBe(true)
  })
})
