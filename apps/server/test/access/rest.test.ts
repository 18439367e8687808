import { apiErrorSchema, auditListSchema, dashboardSchema } from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { createCleanup } from '../helpers.ts'
import { Browser, openRoom, signUpTherapist, startSecureServer } from './people.ts'
import { RawPeer } from './rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

describe('the REST API at its edges', () => {
  it('answers invalid input with 400 {code, message}', async () => {
    const server = await startSecureServer(cleanup)
    const browser = new Browser(server.url)
    const weak = await browser.request('POST', '/api/auth/sign-up', {
      email: 'not-an-email',
      password: 'short',
      displayName: '',
    })
    expect(weak.status).toBe(400)
    expect(apiErrorSchema.parse(await weak.json())).toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/email/),
    })
    const therapist = await signUpTherapist(server)
    const badSession = await therapist.request('POST', '/api/sessions', { title: '', partnerAName: 'A' })
    expect(badSession.status).toBe(400)
    expect(apiErrorSchema.parse(await badSession.json()).code).toBe('invalid_request')
    const badId = await therapist.request('GET', '/api/sessions/no')
    expect(badId.status).toBe(400)
    const refusedConsent = await new Browser(server.url).request('POST', '/api/invitations/accept', {
      token: 'x'.repeat(20),
      displayName: 'A',
      consent: false,
    })
    expect(refusedConsent.status).toBe(400)
    expect(apiErrorSchema.parse(await refusedConsent.json()).message).toMatch(/privacy notice/)
  })

  it('refuses cookie-authenticated changes without the own Origin or without the CSRF token', async () => {
    const server = await startSecureServer(cleanup)
    const therapist = await signUpTherapist(server)
    const body = { title: 'T', partnerAName: 'A', partnerBName: 'B' }
    const foreign = await therapist.request('POST', '/api/sessions', body, { origin: 'https://evil.example' })
    expect(foreign.status).toBe(403)
    expect(apiErrorSchema.parse(await foreign.json()).code).toBe('csrf_origin')
    const noToken = await therapist.request('POST', '/api/sessions', body, { 'x-csrf-token': 'wrong' })
    expect(noToken.status).toBe(403)
    expect(apiErrorSchema.parse(await noToken.json()).code).toBe('csrf_token')
    const ok = await therapist.request('POST', '/api/sessions', body)
    expect(ok.status).toBe(201)
  })

  it('lists sessions upcoming, live (who is present) and ended', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const therapist = room.therapist.browser
    const quiet = await therapist.json('GET', '/api/sessions', undefined, dashboardSchema)
    expect(quiet.upcoming.map((session) => session.id)).toEqual([room.sessionId])
    await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
    const live = await therapist.json('GET', '/api/sessions', undefined, dashboardSchema)
    expect(live.live[0]?.present).toEqual([{ role: 'partnerA', personId: room.partnerA.personId }])
    await therapist.json('POST', `/api/sessions/${room.sessionId}/end`)
    const ended = await therapist.json('GET', '/api/sessions', undefined, dashboardSchema)
    expect(ended.ended.map((session) => session.id)).toEqual([room.sessionId])
    // Another therapist sees none of it.
    const other = await signUpTherapist(server)
    expect((await other.request('GET', `/api/sessions/${room.sessionId}`)).status).toBe(404)
    expect((await other.request('GET', `/api/audit/${room.sessionId}`)).status).toBe(404)
  })

  it('shows the audit trail as JSON and exports it as CSV, recording the export', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const therapist = room.therapist.browser
    const trail = await therapist.json('GET', `/api/audit/${room.sessionId}`, undefined, auditListSchema)
    expect(trail.entries.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['session_created', 'invitation_issued', 'invitation_accepted']),
    )
    const csv = await therapist.request('GET', `/api/audit/${room.sessionId}/export.csv`)
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    const lines = (await csv.text()).trim().split('\r\n')
    expect(lines[0]).toBe('id,at,action,sessionId,actorRole,actorId,subjectId,detail')
    expect(lines.some((line) => line.includes(',invitation_accepted,'))).toBe(true)
    const after = await therapist.json('GET', `/api/audit/${room.sessionId}`, undefined, auditListSchema)
    expect(after.entries.at(-1)?.action).toBe('audit_exported')
  })

  it('describes itself in OpenAPI, generated from the same schemas', async () => {
    const server = await startSecureServer(cleanup)
    const spec = (await (await fetch(`${server.url}api/openapi.json`)).json()) as {
      openapi: string
      paths: Record<string, Record<string, unknown>>
    }
    expect(spec.openapi).toMatch(/^3\./)
    const routes = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    )
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /auth/sign-up',
        'POST /auth/sign-in',
        'POST /auth/sign-out',
        'GET /auth/me',
        'GET /sessions',
        'POST /sessions',
        'POST /sessions/{sessionId}/end',
        'POST /sessions/{sessionId}/reopen',
        'POST /sessions/{sessionId}/connect-token',
        'POST /invitations',
        'POST /invitations/accept',
        'GET /invitations/preview',
        'POST /invitations/{invitationId}/revoke',
        'GET /audit/{sessionId}',
        'GET /audit/{sessionId}/export.csv',
      ]),
    )
    const signUp = spec.paths['/auth/sign-up']?.post as { requestBody?: unknown }
    expect(JSON.stringify(signUp.requestBody)).toContain('password')
  })

  it('previews and refuses invitation links: revoked, forged', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const observerLink = room.invitations.find((invitation) => invitation.role === 'observer')
    const preview = await fetch(`${server.url}api/invitations/preview?token=${observerLink?.token}`)
    expect(await preview.json()).toMatchObject({
      role: 'observer',
      sessionId: room.sessionId,
      sessionEnded: false,
    })
    await room.therapist.browser.json('POST', `/api/invitations/${observerLink?.id}/revoke`)
    const revoked = await new Browser(server.url).request('POST', '/api/invitations/accept', {
      token: observerLink?.token,
      displayName: 'O',
      consent: true,
    })
    expect(revoked.status).toBe(410)
    const forged = await new Browser(server.url).request('POST', '/api/invitations/accept', {
      token: `${observerLink?.token}x`,
      displayName: 'O',
      consent: true,
    })
    expect(forged.status).toBe(400)
  })
})
