import { afterEach, describe, expect, it } from 'vitest'
import { createCleanup } from '../helpers.ts'
import { openRoom, startSecureServer } from '../access/people.ts'
import { choosePlanMetrics, coupleOf, entryFor, idsOf, menuMetric, progressApi } from './progress.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

async function loggingCouple() {
  const server = await startSecureServer(cleanup)
  const room = await openRoom(server)
  const coupleId = await coupleOf(room)
  await choosePlanMetrics(server, coupleId, [menuMetric('joy:appreciations')])
  return {
    server,
    room,
    coupleId,
    partnerA: progressApi(room.partnerA.browser, coupleId),
    partnerB: progressApi(room.partnerB.browser, coupleId),
    therapist: progressApi(room.therapist.browser, coupleId),
  }
}

describe('partners log progress from their phones', () => {
  it('keeps a therapist-only entry from the other partner, shares the rest, and shows the therapist all', async () => {
    const { partnerA, partnerB, therapist } = await loggingCouple()
    const safety = entryFor('dial:safety', 3, { note: 'The shouting last night scared me.' })
    const sobriety = entryFor('dial:sobriety', 8)
    const closeness = entryFor('dial:closeness', 6, { note: 'A good walk.' })
    const appreciations = entryFor('joy:appreciations', 2)
    expect(safety.privacy).toBe('therapist')

    const answer = await partnerA.log([safety, sobriety, closeness, appreciations])
    expect(answer.status).toBe(200)
    // A safety of 3 is red: the answer says so, with the couple's response (none written yet).
    const raised = { level: 'red', metricId: 'dial:safety', response: null }
    expect(await answer.json()).toEqual({
      entries: [
        { id: safety.id, status: 'stored', flag: { id: expect.any(String), ...raised } },
        ...[sobriety, closeness, appreciations].map(({ id }) => ({ id, status: 'stored' })),
      ],
    })
    const bSafety = entryFor('dial:safety', 9, { partner: 'partnerB' })
    const bCloseness = entryFor('dial:closeness', 7, { partner: 'partnerB' })
    expect((await partnerB.log([bSafety, bCloseness])).status).toBe(200)

    const seenByB = await partnerB.read()
    const bodyForB = await seenByB.text()
    expect(idsOf(JSON.parse(bodyForB).entries)).toEqual(
      idsOf([sobriety, closeness, appreciations, bSafety, bCloseness]),
    )
    // Not in any field: neither its id, nor its note.
    expect(bodyForB).not.toContain(safety.id)
    expect(bodyForB).not.toContain('scared')
    // And the other way round.
    expect(idsOf(await partnerA.entries())).toEqual(
      idsOf([safety, sobriety, closeness, appreciations, bCloseness]),
    )
    const all = await therapist.entries()
    expect(idsOf(all)).toEqual(idsOf([safety, sobriety, closeness, appreciations, bSafety, bCloseness]))
    expect(all.find((entry) => entry.id === safety.id)).toEqual(safety)
  })

  it('refuses logging for the other partner, and leaves their entries as they were', async () => {
    const { partnerA, partnerB, therapist } = await loggingCouple()
    const bOwn = entryFor('dial:closeness', 7, { partner: 'partnerB' })
    await partnerB.log([bOwn])
    const forB = entryFor('dial:closeness', 1, { partner: 'partnerB' })
    const refused = await partnerA.log([entryFor('dial:sobriety', 5), forB])
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({
      code: 'not_yours',
      message: expect.stringContaining('Entry 2'),
    })
    // The retry of B's own entry, sent by A, is refused too: it is not A's to send.
    expect((await partnerA.log([{ ...bOwn }])).status).toBe(403)
    expect(await therapist.entries()).toEqual([bOwn])
  })

  it('refuses every invalid entry with a reason, stores nothing of its batch, and keeps serving', async () => {
    const { partnerA, therapist } = await loggingCouple()
    const good = entryFor('dial:closeness', 5)
    const cases: [string, unknown, number, string][] = [
      ['a rating above 10', entryFor('dial:safety', 11), 422, 'entry.value must be from 0 to 10'],
      ['a rating with a fraction', entryFor('dial:safety', 6.5), 422, 'entry.value must be a whole number'],
      [
        'a count as text',
        { ...entryFor('joy:appreciations', 1), value: '2' },
        422,
        'entry.value must be a number',
      ],
      [
        'a day that does not exist',
        entryFor('dial:safety', 5, { day: '2026-02-30' }),
        422,
        'real calendar date',
      ],
      ['an unknown metric', entryFor('dial:courage', 5), 422, 'names no metric'],
      // On the menu, but not chosen into this couple's plan.
      ['a metric the plan does not hold', entryFor('joy:fun', 1), 422, 'names no metric of this plan'],
      [
        'a note too long',
        entryFor('dial:safety', 5, { note: 'x'.repeat(281) }),
        422,
        'at most 280 characters',
      ],
      ['an id not made on a phone', entryFor('dial:safety', 5, { id: 'one' }), 422, 'entry.id'],
    ]
    for (const [what, bad, status, reason] of cases) {
      const answer = await partnerA.log([good, bad])
      expect(answer.status, what).toBe(status)
      const { message } = (await answer.json()) as { message: string }
      expect(message, what).toContain('Entry 2')
      expect(message, what).toContain(reason)
    }

    const tooMany = Array.from({ length: 101 }, () => entryFor('dial:closeness', 5))
    const batch = await partnerA.log(tooMany)
    expect(batch.status).toBe(400)
    expect(((await batch.json()) as { message: string }).message).toContain('at most 100 entries')

    const empty = await partnerA.log([])
    expect(empty.status).toBe(400)
    const cut = JSON.stringify({ entries: [good] }).slice(0, -3)
    const malformed = await partnerA.send(cut)
    expect(malformed.status).toBe(400)
    expect(((await malformed.json()) as { message: string }).message).toMatch(/malformed json/i)

    expect(await therapist.entries()).toEqual([])
    expect((await partnerA.log([good])).status).toBe(200)
    expect(await therapist.entries()).toEqual([good])
  })
})
