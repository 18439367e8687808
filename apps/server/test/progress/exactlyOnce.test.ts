import { afterEach, describe, expect, it } from 'vitest'
import type { RunningServer } from '../../src/server.ts'
import { auditOf, createCleanup, makeTempDir, spawnServer } from '../helpers.ts'
import { Browser, TEST_SECRET, openRoom, signUpTherapist, startSecureServer } from '../access/people.ts'
import { choosePlanMetrics, coupleOf, entryFor, idsOf, menuMetric, progressApi } from './progress.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

describe('each entry is stored exactly once', () => {
  it('stores a batch sent twice, reordered, or with an entry repeated inside it, once', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const coupleId = await coupleOf(room)
    await choosePlanMetrics(server, coupleId, [menuMetric('joy:fun')])
    const partnerA = progressApi(room.partnerA.browser, coupleId)
    const batch = [entryFor('dial:safety', 8), entryFor('dial:sobriety', 7), entryFor('joy:fun', 1)]

    expect((await partnerA.log(batch)).status).toBe(200)
    const again = await partnerA.log([...batch].reverse())
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual({
      entries: [...batch].reverse().map(({ id }) => ({ id, status: 'already stored' })),
    })
    const fresh = entryFor('dial:closeness', 8)
    const repeated = await partnerA.log([fresh, batch[0], fresh])
    expect(await repeated.json()).toEqual({
      entries: [
        { id: fresh.id, status: 'stored' },
        { id: batch[0]!.id, status: 'already stored' },
        { id: fresh.id, status: 'already stored' },
      ],
    })
    expect(idsOf(await partnerA.entries())).toEqual(idsOf([...batch, fresh]))

    // The same id with another value is another entry: refused, and nothing of its batch is kept.
    const other = entryFor('dial:closeness', 2)
    const taken = await partnerA.log([other, { ...batch[1]!, value: 1 }])
    expect(taken.status).toBe(409)
    expect(await taken.json()).toMatchObject({ code: 'entry_id_taken' })
    const inOneBatch = await partnerA.log([other, { ...other, note: 'changed my mind' }])
    expect(inOneBatch.status).toBe(409)
    const stored = await partnerA.entries()
    expect(idsOf(stored)).toEqual(idsOf([...batch, fresh]))
    expect(stored.find((entry) => entry.id === batch[1]!.id)?.value).toBe(7)

    // Audited by ids: one line per entry stored, never its value or note.
    const logged = (await auditOf(server).forSession(coupleId)).filter(
      (line) => line.action === 'progress_logged',
    )
    expect(logged.map((line) => line.subjectId).sort()).toEqual(idsOf([...batch, fresh]))
    for (const line of logged) {
      expect(line).toMatchObject({ actorRole: 'partnerA', actorId: room.partnerA.personId })
      expect([...batch, fresh].map((entry) => entry.metricId)).toContain(line.detail)
    }
  })
})

describe('nobody outside the couple reads or writes its entries', () => {
  it('answers another therapist 404, and another couple’s partners and the observer as strangers', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const other = await openRoom(server, { title: 'Week 1', partnerAName: 'Cy', partnerBName: 'Dee' })
    const coupleId = await coupleOf(room)
    await choosePlanMetrics(server, coupleId, [menuMetric('sobriety:sober-day')])
    const logged = entryFor('sobriety:sober-day', 1)
    expect((await progressApi(room.partnerA.browser, coupleId).log([logged])).status).toBe(200)

    const stranger = progressApi(await signUpTherapist(server), coupleId)
    expect((await stranger.read()).status).toBe(404)
    expect((await stranger.log([entryFor('dial:safety', 5)])).status).toBe(404)
    for (const outsider of [other.partnerA, other.partnerB, room.observer]) {
      const api = progressApi(outsider.browser, coupleId)
      expect((await api.read()).status).toBe(401)
      expect((await api.log([entryFor('dial:safety', 5)])).status).toBe(401)
    }
    // The couple's own therapist reads but does not log.
    const therapist = progressApi(room.therapist.browser, coupleId)
    expect((await therapist.log([entryFor('dial:safety', 5)])).status).toBe(403)
    expect(await therapist.entries()).toEqual([logged])
    // Bad windows are refused with a reason.
    expect((await therapist.read('2026-02-30', '2026-03-01')).status).toBe(400)
    expect((await therapist.read('2026-03-02', '2026-03-01')).status).toBe(400)
    const long = await therapist.read('2025-01-01', '2026-03-01')
    expect(await long.json()).toMatchObject({ message: expect.stringContaining('at most 400 days') })
  })
})

describe('the server’s log', () => {
  it('holds no note, whether the entry was stored or refused', async () => {
    const server = await spawnServer(cleanup, {
      DATA_DIR: await makeTempDir(cleanup),
      SYNC_OPEN_ACCESS: '0',
      LOG_LEVEL: 'debug',
      BOARD_SECRET: TEST_SECRET,
    })
    const room = await openRoom({ url: server.url } as RunningServer)
    const coupleId = await coupleOf(room)
    const partnerA = progressApi(room.partnerA.browser, coupleId)
    const note = 'Marisol Quillfeather relapsed'
    expect((await partnerA.log([entryFor('dial:sobriety', 2, { note })])).status).toBe(200)
    expect((await partnerA.log([entryFor('dial:sobriety', 2, { note: note.repeat(20) })])).status).toBe(422)
    expect((await partnerA.send(`{"entries":[{"note":"${note}"`)).status).toBe(400)
    expect((await progressApi(new Browser(server.url), coupleId).read()).status).toBe(401)
    expect(server.output()).not.toMatch(/Quillfeather|relapsed/)
  })
})
