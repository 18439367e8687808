import { afterEach, describe, expect, it } from 'vitest'
import type { RunningServer } from '../../src/server.ts'
import { auditOf, createCleanup, makeTempDir, withTimeout } from '../helpers.ts'
import { Browser, openRoom, signUpTherapist, startSecureServer } from './people.ts'
import { RawPeer } from './rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

describe('therapist accounts', () => {
  it('limits sign-in brute force: the sixth try within the window answers 429 with Retry-After', async () => {
    const server = await startSecureServer(cleanup, { access: { trustProxy: true } })
    await signUpTherapist(server, 'target@clinic.test')
    const attacker = new Browser(server.url)
    for (let i = 0; i < 5; i++) {
      const response = await attacker.request('POST', '/api/auth/sign-in', {
        email: 'target@clinic.test',
        password: `guess ${i}`,
      })
      expect(response.status).toBe(401)
    }
    // Even the right password is refused while the limit holds.
    const limited = await attacker.request('POST', '/api/auth/sign-in', {
      email: 'target@clinic.test',
      password: 'a long enough password',
    })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await limited.json()).toMatchObject({
      code: 'too_many_attempts',
      message: expect.stringMatching(/wait \d+ minute/),
    })
    // A different address is limited too: the email's own count holds.
    const elsewhere = await new Browser(server.url).request(
      'POST',
      '/api/auth/sign-in',
      { email: 'target@clinic.test', password: 'guess' },
      { 'x-forwarded-for': '203.0.113.9' },
    )
    expect(elsewhere.status).toBe(429)
  })

  it('counts failed sign-ins in the database: two servers on it share one limit', async () => {
    const dataDir = await makeTempDir(cleanup)
    const one = await startSecureServer(cleanup, { dataDir })
    const two = await startSecureServer(cleanup, { dataDir })
    await signUpTherapist(one, 'target@clinic.test')
    const signIn = (server: RunningServer, password: string) =>
      new Browser(server.url).request('POST', '/api/auth/sign-in', { email: 'target@clinic.test', password })
    // Guesses spread over both: each server alone has seen fewer than five.
    for (const [index, server] of [one, two, one, two, one].entries()) {
      expect((await signIn(server, `guess ${index}`)).status).toBe(401)
    }
    expect((await signIn(two, 'a long enough password')).status).toBe(429)
    expect((await signIn(one, 'a long enough password')).status).toBe(429)
  })

  it('signs in and out; the cookie is httpOnly and SameSite=Strict; sign-out closes the sockets', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const browser = new Browser(server.url)
    const response = await browser.request('POST', '/api/auth/sign-in', {
      email: 'nobody@clinic.test',
      password: 'x',
    })
    expect(response.status).toBe(401)
    const therapist = room.therapist.browser
    const peer = await RawPeer.join(cleanup, server.url, room.sessionId, await room.therapist.token())
    const signedOut = await therapist.request('POST', '/api/auth/sign-out')
    expect(signedOut.status).toBe(204)
    expect((await withTimeout(peer.closed, 5_000, 'the socket to close')).code).toBe(4401)
    expect((await therapist.request('GET', '/api/auth/me')).status).toBe(401)
  })

  it('sets a Secure cookie and HSTS when behind TLS', async () => {
    const server = await startSecureServer(cleanup, { access: { secure: true } })
    const browser = new Browser(server.url)
    const response = await browser.request('POST', '/api/auth/sign-up', {
      email: 'tls@clinic.test',
      password: 'a long enough password',
      displayName: 'T',
    })
    const cookie = response.headers.getSetCookie().join('\n')
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    expect(cookie).toMatch(/Secure/)
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/)
    const plain = await startSecureServer(cleanup)
    expect((await fetch(`${plain.url}health`)).headers.get('strict-transport-security')).toBeNull()
  })

  it('logs the therapist off after the idle time and closes their socket', async () => {
    const server = await startSecureServer(cleanup, { access: { idleLogoffMs: 1_500 } })
    const room = await openRoom(server)
    const peer = await RawPeer.join(cleanup, server.url, room.sessionId, await room.therapist.token())
    const closed = await withTimeout(peer.closed, 5_000, 'the idle log-off')
    expect(closed).toEqual({ code: 4401, reason: 'You were signed out after a period of inactivity.' })
    expect((await room.therapist.browser.request('GET', '/api/auth/me')).status).toBe(401)
    const trail = (await auditOf(server).forActor(room.therapist.personId)).map((entry) => entry.action)
    expect(trail).toEqual(
      expect.arrayContaining(['sign_up', 'sign_in', 'session_created', 'join', 'idle_logoff']),
    )
  })
})
