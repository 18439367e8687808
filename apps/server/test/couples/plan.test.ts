import {
  addCard,
  addGoal,
  addStep,
  endHuddle,
  selectGoals,
  selectHuddleRecords,
  selectSessionInfo,
  selectStepsByGoal,
  setConsent,
  startHuddle,
} from '@session-board/board'
import { afterEach, describe, expect, it } from 'vitest'
import { createCleanup, waitForDoc } from '../helpers.ts'
import { connectToken, openRoom, signUpTherapist, startSecureServer } from '../access/people.ts'
import { RawPeer } from '../access/rawPeer.ts'
import { couplesApi, joinPlan } from './couple.ts'

/** Every stepping stone of the plan, whatever goal it belongs to. */
const allSteps = (doc: Parameters<typeof selectStepsByGoal>[0]) =>
  Object.values(selectStepsByGoal(doc)).flat()

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const WALK = 'Walk together after dinner, three evenings a week'

describe('the couple’s plan lives through every session', () => {
  it('a goal, both consents and its stepping stones from session 1 are on session 2’s board; the meeting is not', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server, { title: 'Week 1', partnerAName: 'Ari', partnerBName: 'Bo' })
    const partnerA = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
    const partnerB = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerB.token())
    const therapist = await RawPeer.join(cleanup, server.url, room.sessionId, await room.therapist.token())

    let goalId = ''
    partnerA.write((doc) => {
      goalId = addGoal(doc, { title: WALK })
      addStep(doc, goalId, 'Pick the three evenings')
      addStep(doc, goalId, 'Leave phones at home')
    })
    await waitForDoc(partnerB.doc, () => allSteps(partnerB.doc).length === 2, 'the steps')
    partnerA.write((doc) => setConsent(doc, goalId, 'partnerA', true))
    partnerB.write((doc) => setConsent(doc, goalId, 'partnerB', true))
    partnerB.write((doc) => addCard(doc, { text: 'Evening walks', column: 'keep' }))
    therapist.write((doc) => startHuddle(doc))
    await waitForDoc(
      therapist.doc,
      () => therapist.doc.getMap('huddle').get('status') === 'running',
      'the huddle',
    )
    therapist.write((doc) => endHuddle(doc))
    await waitForDoc(
      therapist.doc,
      () => selectHuddleRecords(therapist.doc).length === 1,
      'the huddle’s record',
    )
    await waitForDoc(
      therapist.doc,
      () => {
        const goal = selectGoals(therapist.doc)[0]
        return goal?.willing.partnerA === true && goal.willing.partnerB
      },
      'both consents',
    )
    expect(partnerA.refusals).toEqual([])
    expect(partnerB.refusals).toEqual([])

    const couples = couplesApi(room.therapist.browser)
    const [couple] = (await couples.caseload()).couples
    expect(couple).toMatchObject({ partnerAName: 'Ari', partnerBName: 'Bo', liveSessionId: room.sessionId })
    expect((await couples.end(room.sessionId)).status).toBe(200)

    const next = await couples.startNext(couple!.id)
    expect(next.session.title).toBe('Session 2')
    const nextToken = await connectToken(room.therapist.browser, next.session.id)
    const nextBoard = await RawPeer.join(cleanup, server.url, next.session.id, nextToken.token)
    const [goal] = selectGoals(nextBoard.doc)
    expect(goal?.title).toBe(WALK)
    expect(goal?.willing.partnerA).toBe(true)
    expect(goal?.willing.partnerB).toBe(true)
    expect(
      allSteps(nextBoard.doc)
        .map((step) => step.title)
        .sort(),
    ).toEqual(['Leave phones at home', 'Pick the three evenings'])
    // The last meeting's review board is in the couple's history, not on the new board.
    expect(nextBoard.doc.getMap('cards').size).toBe(0)
    expect(selectHuddleRecords(nextBoard.doc)).toHaveLength(1)
    const detail = await couples.detail(couple!.id)
    expect(detail.sessions.live.map((session) => session.id)).toEqual([next.session.id])
    expect(detail.sessions.past.map((session) => session.id)).toEqual([room.sessionId])
    expect(detail.history).toMatchObject([{ sessionId: room.sessionId, huddles: 1, reviewCards: 1 }])

    // Session 1's summary is still session 1's meeting, read from the history; session 2's is its own.
    type Summary = { title: string; review: Record<string, string[]>; huddle: { phases: unknown[] } | null }
    const first = await room.therapist.browser.json<Summary>('GET', `/api/sessions/${room.sessionId}/summary`)
    expect(first.title).toBe('Week 1')
    expect(first.review.keep).toEqual(['Evening walks'])
    expect(first.huddle?.phases.length).toBeGreaterThan(0)
    const second = await room.therapist.browser.json<Summary>(
      'GET',
      `/api/sessions/${next.session.id}/summary`,
    )
    expect(second.title).toBe('Session 2')
    expect(second.review.keep).toEqual([])
    expect(second.huddle).toBeNull()
  })

  it('renaming a partner breaks nothing: the board shows the new name and the plan stays', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server, { title: 'Week 1', partnerAName: 'Ari', partnerBName: 'Bo' })
    const couples = couplesApi(room.therapist.browser)
    const [couple] = (await couples.caseload()).couples
    const partnerA = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
    partnerA.write((doc) => addGoal(doc, { title: WALK }))
    await room.therapist.browser.json('PATCH', `/api/couples/${couple!.id}`, { partnerAName: 'Arianne' })
    await waitForDoc(
      partnerA.doc,
      () => selectSessionInfo(partnerA.doc).partnerAName === 'Arianne',
      'the new name',
    )
    await couples.end(room.sessionId)
    const next = await couples.startNext(couple!.id)
    const therapist = await joinPlan(cleanup, server, room.therapist.browser, couple!.id)
    expect(selectGoals(therapist.doc).map((goal) => goal.title)).toEqual([WALK])
    expect((await couples.detail(couple!.id)).sessions.live[0]?.id).toBe(next.session.id)
  })

  it('a therapist sees only their own couples', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const other = await signUpTherapist(server)
    const [couple] = (await couplesApi(room.therapist.browser).caseload()).couples
    expect((await couplesApi(other).caseload()).couples).toEqual([])
    expect((await other.request('GET', `/api/couples/${couple!.id}`)).status).toBe(404)
    expect((await other.request('POST', `/api/couples/${couple!.id}/sessions`, { start: true })).status).toBe(
      404,
    )
    expect((await other.request('PATCH', `/api/couples/${couple!.id}`, { phase: 'aftercare' })).status).toBe(
      404,
    )
    const refused = await other.request('POST', `/api/couples/${couple!.id}/connect-token`, {
      target: 'board',
    })
    expect(refused.status).toBe(401)
  })
})
