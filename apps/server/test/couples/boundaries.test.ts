import {
  addCard,
  addGoal,
  addStep,
  raiseHand,
  selectGoals,
  selectStepsByGoal,
  setAppreciation,
  setConsent,
  startHuddle,
  updateGoal,
  updateStep,
} from '@session-board/board'
import { SYNC_CLOSE } from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { createCleanup, waitForDoc } from '../helpers.ts'
import type { Room } from '../access/people.ts'
import { Browser, openRoom, startSecureServer } from '../access/people.ts'
import { RawPeer } from '../access/rawPeer.ts'
import { couplesApi, joinPlan } from './couple.ts'

/** Every stepping stone of the plan, whatever goal it belongs to. */
const allSteps = (doc: Parameters<typeof selectStepsByGoal>[0]) =>
  Object.values(selectStepsByGoal(doc)).flat()

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const coupleOf = async (room: Room): Promise<string> => {
  const [couple] = (await couplesApi(room.therapist.browser).caseload()).couples
  if (!couple) throw new Error('no couple')
  return couple.id
}

/** Opens a path that should be refused and returns how it closed. */
async function refusedAt(path: string, serverUrl: string, headers: Record<string, string> = {}) {
  const { WebSocket } = await import('ws')
  const ws = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}${path}`, { headers })
  cleanup.add(() => ws.terminate())
  return new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
}

describe('nobody reaches another couple’s plan', () => {
  it('a partner of couple X with a valid token or cookie is refused couple Y’s plan and sessions', async () => {
    const server = await startSecureServer(cleanup)
    const x = await openRoom(server, { title: 'X', partnerAName: 'Ari', partnerBName: 'Bo' })
    const y = await openRoom(server, { title: 'Y', partnerAName: 'Cy', partnerBName: 'Dee' })
    const coupleY = await coupleOf(y)
    const tokenX = await x.partnerA.token()
    // X's token names X's session: it opens neither Y's session nor Y's plan.
    for (const path of [`sync/${y.sessionId}`, `sync/${coupleY}`]) {
      const closed = await refusedAt(`${path}?token=${encodeURIComponent(tokenX)}`, server.url)
      expect(closed.code).toBe(SYNC_CLOSE.forbidden.code)
    }
    // X's cookie gets no token for Y's plan, and does not open it directly either.
    const asked = await x.partnerA.browser.request('POST', `/api/couples/${coupleY}/connect-token`, {
      target: 'board',
    })
    expect(asked.status).toBe(401)
    const cookie = [...x.partnerA.browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    const byCookie = await refusedAt(`sync/${coupleY}`, server.url, {
      cookie,
      origin: server.url.replace(/\/$/, ''),
    })
    expect([SYNC_CLOSE.forbidden.code, SYNC_CLOSE.unauthenticated.code]).toContain(byCookie.code)
    // And Y's own partner still works, so the refusals above are about X.
    const yPlan = await joinPlan(cleanup, server, y.partnerA.browser, coupleY)
    expect(yPlan.ws.readyState).toBe(yPlan.ws.OPEN)
  })
})

describe('between sessions', () => {
  it('a partner updates their consent and stepping stones, and nothing that belongs to a live session', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const coupleId = await coupleOf(room)
    const live = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
    let goalId = ''
    let stepId = ''
    live.write((doc) => {
      goalId = addGoal(doc, { title: 'Walk after dinner' })
      stepId = addStep(doc, goalId, 'Pick the evenings')
    })
    const therapistLive = await RawPeer.join(
      cleanup,
      server.url,
      room.sessionId,
      await room.therapist.token(),
    )
    await waitForDoc(therapistLive.doc, () => allSteps(therapistLive.doc).length === 1, 'the step, stored')
    await couplesApi(room.therapist.browser).end(room.sessionId)

    const plan = await joinPlan(cleanup, server, room.partnerA.browser, coupleId)
    await waitForDoc(plan.doc, () => allSteps(plan.doc).length === 1, 'the plan')
    plan.write((doc) => updateStep(doc, stepId, { status: 'done', sinceDone: 'We walked twice.' }))
    plan.write((doc) => setConsent(doc, goalId, 'partnerA', true))
    const therapist = await joinPlan(cleanup, server, room.therapist.browser, coupleId)
    await waitForDoc(
      therapist.doc,
      () =>
        allSteps(therapist.doc)[0]?.status === 'done' &&
        selectGoals(therapist.doc)[0]?.willing.partnerA === true,
      'the partner’s update',
    )
    expect(plan.refusals).toEqual([])

    // Each live-only write, on its own connection: a refusal closes the socket.
    const liveOnly: [string, (doc: Parameters<typeof addCard>[0]) => void][] = [
      ['a review card', (doc) => addCard(doc, { text: 'More walks', column: 'keep' })],
      ['a huddle appreciation', (doc) => setAppreciation(doc, 'partnerA', 'Thanks')],
      ['a raised hand', (doc) => raiseHand(doc, 'partnerA')],
      ['a new goal', (doc) => addGoal(doc, { title: 'Another' })],
      ['a goal’s wording', (doc) => updateGoal(doc, goalId, { title: 'Reworded' })],
      ['the other partner’s consent', (doc) => setConsent(doc, goalId, 'partnerB', true)],
    ]
    for (const [what, write] of liveOnly) {
      const peer = await joinPlan(cleanup, server, room.partnerA.browser, coupleId)
      peer.write(write)
      const closed = await peer.closed
      expect(closed.code, what).toBe(SYNC_CLOSE.refused.code)
      expect(peer.refusals[0]?.code, what).toMatch(/^(session_ended|not_yours)$/)
    }
    // The therapist may still run the huddle's controls, here as anywhere.
    therapist.write((doc) => startHuddle(doc))
    expect(selectGoals(therapist.doc)[0]?.title).toBe('Walk after dinner')
  })

  it('observers write nothing and never open the plan between sessions', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const coupleId = await coupleOf(room)
    const observer = await RawPeer.join(cleanup, server.url, room.sessionId, await room.observer.token())
    observer.write((doc) => addGoal(doc, { title: 'An observer’s goal' }))
    expect((await observer.closed).code).toBe(SYNC_CLOSE.refused.code)
    expect(observer.refusals[0]?.code).toBe('read_only')
    const asked = await room.observer.browser.request('POST', `/api/couples/${coupleId}/connect-token`, {
      target: 'board',
    })
    expect(asked.status).toBe(401)
    // A stranger with no cookie at all gets no token either.
    expect(
      (
        await new Browser(server.url).request('POST', `/api/couples/${coupleId}/connect-token`, {
          target: 'board',
        })
      ).status,
    ).toBe(401)
    // The observer's session token does not open the plan's path.
    const closed = await refusedAt(
      `sync/${coupleId}?token=${encodeURIComponent(await room.observer.token())}`,
      server.url,
    )
    expect(closed.code).toBe(SYNC_CLOSE.forbidden.code)
  })
})
