import { endHuddle, selectHuddleRecords, setAppreciation, startHuddle } from '@session-board/board'
import { invitationSchema, sessionSummarySchema } from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createCleanup, waitForDoc } from '../helpers.ts'
import type { Browser } from './people.ts'
import { connectToken, openRoom, startSecureServer } from './people.ts'
import { RawPeer } from './rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const createdSchema = z.object({ session: sessionSummarySchema, invitations: z.array(invitationSchema) })

async function createSession(
  therapist: Browser,
  partnerAName: string,
  partnerBName: string,
): Promise<string> {
  const created = await therapist.json(
    'POST',
    '/api/sessions',
    { title: 'Next week', partnerAName, partnerBName, observers: 0 },
    createdSchema,
  )
  return created.session.id
}

async function recordsIn(server: { url: string }, therapist: Browser, sessionId: string) {
  const peer = await RawPeer.join(
    cleanup,
    server.url,
    sessionId,
    (await connectToken(therapist, sessionId)).token,
  )
  return { peer, records: () => selectHuddleRecords(peer.doc) }
}

describe('a huddle’s record on the couple’s next board', () => {
  it('goes into a session created later, and into one created before the huddle ended; never to another couple', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server, { title: 'Week 1', partnerAName: 'Ari', partnerBName: 'Bo' })
    const therapistBrowser = room.therapist.browser
    // Created before the huddle ends (sessions planned ahead), and one for another couple.
    const plannedAhead = await createSession(therapistBrowser, ' ari ', 'BO')
    const otherCouple = await createSession(therapistBrowser, 'Cy', 'Dee')

    const therapist = await RawPeer.join(cleanup, server.url, room.sessionId, await room.therapist.token())
    const partnerA = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
    therapist.write((doc) => startHuddle(doc))
    await waitForDoc(
      partnerA.doc,
      () => partnerA.doc.getMap('huddle').get('status') === 'running',
      'the huddle',
    )
    partnerA.write((doc) => setAppreciation(doc, 'partnerA', 'You planned Saturday.'))
    await waitForDoc(
      therapist.doc,
      () => therapist.doc.getMap('huddle').has('appreciation.partnerA'),
      'praise',
    )
    therapist.write((doc) => endHuddle(doc))
    await waitForDoc(therapist.doc, () => selectHuddleRecords(therapist.doc).length === 1, 'the record')
    const [record] = selectHuddleRecords(therapist.doc)

    // The session planned ahead receives it once the huddle ended.
    const ahead = await recordsIn(server, therapistBrowser, plannedAhead)
    await waitForDoc(ahead.peer.doc, () => ahead.records().length === 1, 'the carried record')
    expect(ahead.records()[0]).toEqual(record)
    expect(ahead.records()[0]?.appreciations.partnerA).toBe('You planned Saturday.')

    // A session created afterwards has it from the start.
    const next = await createSession(therapistBrowser, 'Ari', 'Bo')
    const later = await recordsIn(server, therapistBrowser, next)
    expect(later.records().map((carried) => carried.id)).toEqual([record!.id])

    const other = await recordsIn(server, therapistBrowser, otherCouple)
    expect(other.records()).toEqual([])
  })
})
