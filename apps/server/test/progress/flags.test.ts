import { DIAL_METRICS } from '@session-board/board'
import { SYNC_CLOSE, flagAlertSchema } from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { RunningServer } from '../../src/server.ts'
import { auditOf, connectClient, createCleanup, waitSynced, withTimeout } from '../helpers.ts'
import type { Browser } from '../access/people.ts'
import { openRoom, signUpTherapist, startSecureServer } from '../access/people.ts'
import { planToken } from '../couples/couple.ts'
import { choosePlanMetrics, coupleOf, entryFor, progressApi } from './progress.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const agreed = 'We take a time-out and call the clinic line.'
/** The couple's Safety dial, with the response they agreed for red. */
const safety = { ...DIAL_METRICS.safety, flags: { yellow: 6, red: 4, responses: { red: agreed } } }

async function loggingCouple() {
  const server = await startSecureServer(cleanup)
  const room = await openRoom(server)
  const coupleId = await coupleOf(room)
  await choosePlanMetrics(server, coupleId, [safety])
  return { server, room, coupleId }
}

const flagsOf = (browser: Browser, coupleId: string) =>
  browser.request('GET', `/api/couples/${coupleId}/flags?from=2026-03-01&to=2026-03-31`)

/** The therapist's open page listening for alerts: everything the stream has sent so far. */
async function openAlerts(server: RunningServer, therapist: Browser) {
  const stop = new AbortController()
  const response = await fetch(`${server.url}api/alerts`, {
    headers: { cookie: [...therapist.cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    signal: stop.signal,
  })
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toContain('text/event-stream')
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let received = ''
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      received += value
    }
  })().catch(() => undefined)
  cleanup.add(async () => {
    stop.abort()
    await reading
  })
  return {
    received: () => received,
    /** Settles when the server ends the stream. */
    ended: reading,
    /** The next event of this kind, parsed. */
    async next(event: string): Promise<unknown> {
      return withTimeout(
        new Promise((resolve) => {
          const look = () => {
            const match = new RegExp(`event: ${event}\\ndata: (.*)\\n`).exec(received)
            if (match) resolve(JSON.parse(match[1]!))
            else setTimeout(look, 10)
          }
          look()
        }),
        5_000,
        `the ${event} event`,
      )
    },
  }
}

describe('a flag reaches the therapist and no one it should not', () => {
  it('shows partner A the agreed response at once and the therapist a live alert, which they acknowledge', async () => {
    const { server, room, coupleId } = await loggingCouple()
    const alerts = await openAlerts(server, room.therapist.browser)
    const stranger = await signUpTherapist(server)
    const strangersAlerts = await openAlerts(server, stranger)

    const red = entryFor('dial:safety', 2)
    const answer = await progressApi(room.partnerA.browser, coupleId).log([red])
    expect(answer.status).toBe(200)
    const [stored] = ((await answer.json()) as { entries: { flag?: { id: string } }[] }).entries
    expect(stored).toEqual({
      id: red.id,
      status: 'stored',
      flag: { id: expect.stringMatching(/^flg_/), level: 'red', metricId: 'dial:safety', response: agreed },
    })
    const flagId = stored!.flag!.id

    const alert = flagAlertSchema.parse(await alerts.next('flag'))
    expect(alert).toEqual({
      coupleId,
      flag: {
        id: flagId,
        entryId: red.id,
        metricId: 'dial:safety',
        partner: 'partnerA',
        level: 'red',
        day: red.day,
        raisedAt: expect.any(Number),
        response: agreed,
        acknowledgedAt: null,
      },
    })
    // Sent again, the entry is not flagged twice, and the answer repeats the response.
    const again = await progressApi(room.partnerA.browser, coupleId).log([red])
    expect(await again.json()).toEqual({ entries: [{ ...stored, status: 'already stored' }] })

    const waiting = await room.therapist.browser.json('GET', '/api/flags')
    expect(waiting).toEqual({ flags: [{ ...alert.flag, coupleId }] })
    const flagPath = `/api/couples/${coupleId}/flags/${flagId}/acknowledge`
    expect((await stranger.request('POST', flagPath)).status).toBe(404)
    expect((await room.partnerA.browser.request('POST', flagPath)).status).toBe(401)
    const acknowledged = await room.therapist.browser.request('POST', flagPath)
    expect(acknowledged.status).toBe(200)
    const flag = (await acknowledged.json()) as { acknowledgedAt: number | null }
    expect(flag.acknowledgedAt).toEqual(expect.any(Number))
    expect(await alerts.next('acknowledged')).toEqual({ coupleId, flagId })
    // Again is harmless: the same answer, and one line in the trail.
    expect(await (await room.therapist.browser.request('POST', flagPath)).json()).toEqual(flag)
    expect(await room.therapist.browser.json('GET', '/api/flags')).toEqual({ flags: [] })

    const trail = await auditOf(server).forSession(coupleId)
    const raised = trail.filter((line) => line.action === 'flag_raised')
    const seen = trail.filter((line) => line.action === 'flag_acknowledged')
    expect(raised).toEqual([
      expect.objectContaining({
        actorRole: 'partnerA',
        actorId: room.partnerA.personId,
        subjectId: flagId,
        detail: 'dial:safety',
      }),
    ])
    expect(seen).toEqual([
      expect.objectContaining({ actorRole: 'therapist', subjectId: flagId, detail: 'dial:safety' }),
    ])
    expect(JSON.stringify(trail)).not.toContain('time-out')
    // Another therapist's open page heard nothing of it.
    expect(strangersAlerts.received()).not.toContain('event:')

    // Signing out ends the open stream at once, not at its next keep-open line 25 seconds later.
    expect((await room.therapist.browser.request('POST', '/api/auth/sign-out')).status).toBe(204)
    await withTimeout(alerts.ended, 1_000, 'the stream to end on sign-out')
  })

  it('never gives partner B a therapist-only entry or its flag, over REST or over the socket', async () => {
    const { server, room, coupleId } = await loggingCouple()
    const note = 'Quillfeather frightened me on the stairs'
    const secret = entryFor('dial:safety', 3, { note })
    expect(secret.privacy).toBe('therapist')
    const answer = await progressApi(room.partnerA.browser, coupleId).log([secret])
    const flagId = ((await answer.json()) as { entries: { flag: { id: string } }[] }).entries[0]!.flag.id
    // A shared red flag, which B may see.
    const shared = entryFor('dial:safety', 1, { privacy: 'shared', day: '2026-03-09' })
    await progressApi(room.partnerA.browser, coupleId).log([shared])

    const forB = (await (await flagsOf(room.partnerB.browser, coupleId)).json()) as {
      flags: { entryId: string }[]
    }
    expect(forB.flags.map((flag) => flag.entryId)).toEqual([shared.id])
    const everythingB = [
      JSON.stringify(forB),
      await (await progressApi(room.partnerB.browser, coupleId).read()).text(),
    ].join('\n')
    for (const hidden of [secret.id, flagId, 'Quillfeather']) expect(everythingB).not.toContain(hidden)
    // Partner A and the therapist see both.
    for (const browser of [room.partnerA.browser, room.therapist.browser]) {
      const seen = (await (await flagsOf(browser, coupleId)).json()) as { flags: { entryId: string }[] }
      expect(seen.flags.map((flag) => flag.entryId).sort()).toEqual([secret.id, shared.id].sort())
    }

    // Partner B's real client on the couple's plan: the document holds neither the entry nor its note.
    const { token } = await planToken(room.partnerB.browser, coupleId)
    const plan = connectClient(cleanup, server.url, coupleId, { params: { token } })
    await waitSynced(plan)
    const encoded = Buffer.from(Y.encodeStateAsUpdate(plan.doc)).toString('latin1')
    expect(encoded.length).toBeGreaterThan(0)
    for (const hidden of [secret.id, flagId, 'Quillfeather', 'stairs']) expect(encoded).not.toContain(hidden)
  })
})

describe('quick hide', () => {
  it('signs the phone out at once: its cookie no longer opens the plan, and its open board closes', async () => {
    const { server, room, coupleId } = await loggingCouple()
    const phone = room.partnerB.browser
    expect((await phone.request('GET', '/api/me')).status).toBe(200)
    const { token } = await planToken(phone, coupleId)
    let closedWith: number | null = null
    const plan = connectClient(cleanup, server.url, coupleId, {
      params: { token },
      shouldReconnect: () => false,
    })
    plan.provider.on('connection-close', (event: CloseEvent | null) => {
      closedWith = event?.code ?? null
    })
    await waitSynced(plan)

    expect((await room.therapist.browser.request('POST', '/api/me/lock')).status).toBe(403)
    expect((await room.observer.browser.request('POST', '/api/me/lock')).status).toBe(403)
    expect((await phone.request('POST', '/api/me/lock')).status).toBe(204)

    await withTimeout(
      new Promise<void>((resolve) => {
        const check = () => (closedWith !== null ? resolve() : setTimeout(check, 10))
        check()
      }),
      5_000,
      'the plan socket to close',
    )
    expect(closedWith).toBe(SYNC_CLOSE.unauthenticated.code)
    expect((await phone.request('GET', '/api/me')).status).toBe(401)
    const refused = await phone.request('POST', `/api/couples/${coupleId}/connect-token`, { target: 'board' })
    expect(refused.status).toBe(401)
    expect((await progressApi(phone, coupleId).read()).status).toBe(401)
    // Still enrolled, only signed out; partner A's phone is untouched.
    expect((await room.partnerA.browser.request('GET', '/api/me')).status).toBe(200)
    const locked = (await auditOf(server).forSession(coupleId)).filter(
      (line) => line.action === 'device_locked',
    )
    expect(locked).toEqual([
      expect.objectContaining({ actorRole: 'partnerB', actorId: room.partnerB.personId }),
    ])
  })
})
