import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { RunningServer } from '../../src/server.ts'
import type { Client } from '../helpers.ts'
import {
  auditOf,
  connectClient,
  createCleanup,
  waitFor,
  waitForDoc,
  waitSynced,
  withTimeout,
} from '../helpers.ts'
import type { Room } from './people.ts'
import { openRoom, startSecureServer } from './people.ts'
import { PresencePeer } from './presencePeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const FORGED = { code: 'presence_forged', message: 'You can change only your own presence.' }
const TOO_LARGE = {
  code: 'presence_too_large',
  message: 'That presence update was too large, so it was refused.',
}
const canvasAt = (x: number) => ({ cursor: { x, y: 40 }, selected: ['shape:card1'] })

/** What a client publishes, with whatever name and role it likes. */
const claiming = (name: string, role: string, color: string, x = 10) => ({
  user: { name, role, color },
  canvas: canvasAt(x),
})

const cursorX = (state: Record<string, unknown> | undefined) =>
  (state?.canvas as { cursor?: { x: number } | null } | undefined)?.cursor?.x

describe('presence is bound to the connection', () => {
  let server: RunningServer
  let room: Room
  const join = async (who: 'therapist' | 'partnerA' | 'partnerB' | 'observer') =>
    PresencePeer.join(cleanup, server.url, room.sessionId, await room[who].token())
  const refusedActions = async () =>
    (await auditOf(server).forSession(room.sessionId)).filter((entry) => entry.action === 'presence_refused')

  beforeEach(async () => {
    server = await startSecureServer(cleanup)
    // The participants' confirmed names are their roles' names ('partnerA'…); the therapist is Dr. Test.
    room = await openRoom(server)
  })

  it('refuses presence forged for another person; nobody sees it, the victim keeps their own', async () => {
    const victim = connectClient(cleanup, server.url, room.sessionId, {
      params: { token: await room.partnerA.token() },
    })
    await waitSynced(victim)
    victim.provider.awareness.setLocalState(claiming('Ari', 'partnerA', '#3f5fa8'))
    const victimId = victim.doc.clientID
    const asSeen = claiming('partnerA', 'partnerA', '#3f5fa8')
    const witness = await join('therapist')
    const forger = await join('partnerB')
    await forger.waitForState(victimId, (state) => state !== undefined, 'the victim’s presence')
    await witness.waitForState(
      victimId,
      (state) => state !== undefined,
      'the victim’s presence at the witness',
    )

    const clock = victim.provider.awareness.meta.get(victimId)?.clock ?? 0
    forger.sendEntries([
      { clientId: victimId, clock: clock + 10, state: claiming('Mallory', 'therapist', '#000000', 999) },
    ])
    expect(await forger.raw.closed).toEqual({ code: 4403, reason: FORGED.message })
    expect(forger.raw.refusals).toEqual([FORGED])

    expect((await witness.query()).get(victimId)).toEqual({ clientId: victimId, clock, state: asSeen })
    expect(
      witness.received.filter((entry) => entry.clientId === victimId).map((entry) => entry.state),
    ).toEqual([asSeen, asSeen])
    // The victim's own client never heard of it: its state and its clock are its own.
    expect(victim.provider.awareness.getLocalState()).toEqual(claiming('Ari', 'partnerA', '#3f5fa8'))
    expect(victim.provider.awareness.meta.get(victimId)?.clock).toBe(clock)
    expect(victim.provider.wsconnected).toBe(true)

    const refused = await refusedActions()
    expect(refused.map((entry) => [entry.actorId, entry.actorRole, entry.detail])).toEqual([
      [room.partnerB.personId, 'partnerB', 'presence_forged'],
    ])
    expect(JSON.stringify(refused)).not.toContain('Mallory')
  })

  it('keeps a writer’s client id theirs in presence, even if someone publishes under it first', async () => {
    // The therapist writes before publishing any presence: their Yjs client id is now in the
    // document's state vector, for anyone to read.
    const therapist = await join('therapist')
    therapist.raw.write((doc) => doc.getMap('cards').set('card_1', new Y.Map()))
    const forger = await join('partnerB')
    await waitForDoc(forger.raw.doc, () => forger.raw.doc.getMap('cards').has('card_1'), 'the card')
    forger.sendEntries([
      { clientId: therapist.clientId, clock: 1, state: claiming('Mallory', 'therapist', '#000000') },
    ])
    expect(await forger.raw.closed).toEqual({ code: 4403, reason: FORGED.message })
    expect((await refusedActions()).map((entry) => [entry.actorId, entry.detail])).toEqual([
      [room.partnerB.personId, 'presence_forged'],
    ])

    // The therapist's own presence goes through, under their own name, and their socket stays open.
    const witness = await join('partnerA')
    therapist.publish(claiming('Dr. Test', 'therapist', '#2f6f4f'))
    await witness.waitForState(therapist.clientId, (state) => state !== undefined, 'the therapist')
    expect((await witness.query()).get(therapist.clientId)?.state).toMatchObject({
      user: { role: 'therapist' },
    })
    expect(therapist.raw.ws.readyState).toBe(therapist.raw.ws.OPEN)
  })

  it('shows a partner under their own name and role, whatever they claim', async () => {
    const partner = await join('partnerA')
    const witness = await join('therapist')
    partner.publish({
      user: { name: 'Dr. Fake', role: 'therapist', color: '#3f5fa8', admin: true },
      canvas: { ...canvasAt(5), extra: 'dropped' },
      badge: 'therapist',
    })
    await witness.waitForState(partner.clientId, (state) => state !== undefined, 'the partner’s presence')
    expect(witness.view.getStates().get(partner.clientId)).toEqual(
      claiming('partnerA', 'partnerA', '#3f5fa8', 5),
    )

    // A value the schema refuses (a colour that is not one) is refused, not relayed.
    const observer = await join('observer')
    observer.publish({ user: { name: 'observer', role: 'observer', color: 'red' } })
    expect(await observer.raw.closed).toMatchObject({ code: 4403 })
    expect(observer.raw.refusals.map((refusal) => refusal.code)).toEqual(['presence_invalid'])
    expect((await witness.query()).has(observer.clientId)).toBe(false)
    expect(partner.raw.refusals).toEqual([])
    expect((await refusedActions()).map((entry) => entry.detail)).toEqual(['presence_invalid:user.color'])
  })

  it('refuses removing another person’s presence, and the victim stays when the forger leaves', async () => {
    const victim = await join('partnerA')
    const forger = await join('partnerB')
    const witness = await join('therapist')
    victim.publish(claiming('Ari', 'partnerA', '#3f5fa8'))
    forger.publish(claiming('Bo', 'partnerB', '#8a4f7d'))
    const asSeen = claiming('partnerA', 'partnerA', '#3f5fa8')
    await forger.waitForState(victim.clientId, (state) => state !== undefined, 'the victim’s presence')
    await witness.waitForState(forger.clientId, (state) => state !== undefined, 'the forger’s presence')

    // What the y-websocket client sends back by itself (an echo, a 30-second time-out removal at the
    // clock it saw) changes nothing and is not refused.
    forger.sendEntries([{ clientId: victim.clientId, clock: victim.clock, state: asSeen }])
    forger.sendEntries([{ clientId: victim.clientId, clock: victim.clock, state: null }])
    await forger.settle()
    expect(forger.raw.refusals).toEqual([])
    expect((await witness.query()).get(victim.clientId)?.state).toEqual(asSeen)

    forger.sendEntries([{ clientId: victim.clientId, clock: victim.clock + 1, state: null }])
    expect(await forger.raw.closed).toEqual({ code: 4403, reason: FORGED.message })
    expect(forger.raw.refusals).toEqual([FORGED])
    await witness.waitForState(forger.clientId, (state) => state === undefined, 'the forger to leave')
    expect((await witness.query()).get(victim.clientId)?.state).toEqual(asSeen)
    const latecomer = await join('observer')
    await latecomer.waitForState(
      victim.clientId,
      (state) => state !== undefined,
      'the victim, for a latecomer',
    )
    expect(latecomer.view.getStates().get(victim.clientId)).toEqual(asSeen)
    expect((await refusedActions()).map((entry) => entry.detail)).toEqual(['presence_forged'])
  })

  it('lets a reconnecting client take its presence over from its own earlier connection', async () => {
    const before = await join('partnerA')
    const witness = await join('therapist')
    before.publish(claiming('Ari', 'partnerA', '#3f5fa8'))
    await witness.waitForState(before.clientId, (state) => state !== undefined, 'the first connection')
    // The same browser, on a new socket while the server has not yet seen the old one close.
    const after = await join('partnerA')
    const moved = claiming('Ari', 'partnerA', '#3f5fa8', 77)
    after.sendEntries([{ clientId: before.clientId, clock: before.clock + 1, state: moved }])
    await witness.waitForState(before.clientId, (state) => cursorX(state) === 77, 'the reconnected state')
    before.raw.ws.close()
    const leaves = async () =>
      (await auditOf(server).forSession(room.sessionId)).filter(
        (entry) => entry.action === 'leave' && entry.actorId === room.partnerA.personId,
      )
    await waitFor(async () => (await leaves()).length === 1, 'the old connection to be gone')
    expect((await witness.query()).get(before.clientId)?.state).toEqual(
      claiming('partnerA', 'partnerA', '#3f5fa8', 77),
    )
    expect(after.raw.refusals).toEqual([])
  })

  it('refuses a presence frame that is too large and relays none of it', async () => {
    const sender = await join('partnerA')
    const witness = await join('therapist')
    const framesBefore = witness.awarenessFrames
    sender.publish({ ...claiming('Ari', 'partnerA', '#3f5fa8'), padding: 'x'.repeat(900_000) })
    expect(await sender.raw.closed).toEqual({ code: 4403, reason: TOO_LARGE.message })
    expect(sender.raw.refusals).toEqual([TOO_LARGE])

    // One state over its own limit, in a frame that is small enough to read, is refused the same way.
    const observer = await join('observer')
    observer.publish({ ...claiming('O', 'observer', '#5f6670'), padding: 'x'.repeat(12_000) })
    expect(await observer.raw.closed).toEqual({ code: 4403, reason: TOO_LARGE.message })

    const everyone = await witness.query()
    expect(everyone.has(sender.clientId) || everyone.has(observer.clientId)).toBe(false)
    expect(witness.awarenessFrames).toBe(framesBefore + 1) // the query's answer, nothing else
    expect((await refusedActions()).map((entry) => entry.detail)).toEqual([
      'presence_too_large',
      'presence_too_large',
    ])
  })

  it('drops a flood of presence frames beyond the rate, and keeps the sender connected', async () => {
    const flooder = await join('partnerB')
    const witness = await join('observer')
    const at = (x: number) => claiming('Bo', 'partnerB', '#8a4f7d', x)
    flooder.publish(at(0))
    await witness.waitForState(flooder.clientId, (state) => state !== undefined, 'the first state')

    const framesBefore = witness.awarenessFrames
    for (let x = 1; x <= 1_000; x++) flooder.publish(at(x))
    await flooder.settle() // the server has handled all of them
    // Whatever it relayed arrives (with two instances, by way of the other one).
    await waitFor(() => witness.awarenessFrames > framesBefore, 'relayed frames at the witness')
    await witness.settle()
    const relayed = witness.awarenessFrames - framesBefore
    expect(relayed).toBeGreaterThan(0)
    expect(relayed).toBeLessThan(500)

    // At a moving pointer's rate (20 a second), frames are relayed again.
    let x = 10_000
    const honest = setInterval(() => flooder.publish(at(x++)), 50)
    try {
      await witness.waitForState(
        flooder.clientId,
        (state) => (cursorX(state) ?? 0) >= 10_000,
        'an honest frame after the flood',
      )
    } finally {
      clearInterval(honest)
    }
    expect(flooder.raw.refusals).toEqual([])
    expect(flooder.raw.ws.readyState).toBe(flooder.raw.ws.OPEN)
    expect(await refusedActions()).toEqual([])
  })

  it('works with the unmodified y-websocket client: everyone sees the others’ real names', async () => {
    const connect = async (who: 'therapist' | 'partnerA' | 'observer') => {
      const client = connectClient(cleanup, server.url, room.sessionId, {
        params: { token: await room[who].token() },
      })
      await waitSynced(client)
      return client
    }
    const seen = (client: Client, clientId: number, check: (state: Record<string, unknown>) => boolean) => {
      const matches = () => {
        const state = client.provider.awareness.getStates().get(clientId)
        return state !== undefined && check(state)
      }
      return withTimeout(
        new Promise<void>((resolve) => {
          if (matches()) resolve()
          client.provider.awareness.on('change', () => matches() && resolve())
        }),
        10_000,
        'a presence to show',
      )
    }
    const therapist = await connect('therapist')
    const partner = await connect('partnerA')
    therapist.provider.awareness.setLocalStateField('user', {
      name: 'Dr. Test',
      role: 'therapist',
      color: '#2f6f6a',
    })
    // The partner's client claims the therapist's role and another name.
    partner.provider.awareness.setLocalState(claiming('The Therapist', 'therapist', '#3f5fa8'))
    await seen(therapist, partner.doc.clientID, (state) => state.canvas !== undefined)
    await seen(partner, therapist.doc.clientID, (state) => state.user !== undefined)
    expect(therapist.provider.awareness.getStates().get(partner.doc.clientID)).toEqual(
      claiming('partnerA', 'partnerA', '#3f5fa8'),
    )
    expect(partner.provider.awareness.getStates().get(therapist.doc.clientID)).toEqual({
      user: { name: 'Dr. Test', role: 'therapist', color: '#2f6f6a' },
    })

    // A latecomer gets everyone's state in one frame and echoes it back: that is no forgery.
    const observer = await connect('observer')
    await seen(observer, partner.doc.clientID, () => true)
    await seen(observer, therapist.doc.clientID, () => true)
    observer.provider.awareness.setLocalStateField('user', { name: 'O', role: 'observer', color: '#5f6670' })
    await seen(therapist, observer.doc.clientID, (state) => state.user !== undefined)
    partner.provider.awareness.setLocalStateField('canvas', canvasAt(321))
    await seen(
      observer,
      partner.doc.clientID,
      (state) => JSON.stringify(state.canvas) === JSON.stringify(canvasAt(321)),
    )
    for (const client of [therapist, partner, observer]) expect(client.provider.wsconnected).toBe(true)
    expect(await refusedActions()).toEqual([])
  })
})
