import { addGoal } from '@session-board/board'
import { afterEach, describe, expect, it } from 'vitest'
import { TokenSigner } from '../../src/access/tokens.ts'
import { auditOf, createCleanup, withTimeout } from '../helpers.ts'
import { TEST_SECRET, connectToken, openRoom, startSecureServer } from './people.ts'
import { RawPeer } from './rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

/** Opens a socket and expects it closed at the door with `code`, before any frame arrived. */
async function expectRefusedAtDoor(serverUrl: string, path: string, code: number, reason: RegExp) {
  const peer = await RawPeer.open(cleanup, serverUrl, path)
  const closed = await withTimeout(peer.closed, 5_000, 'the door to close the socket')
  expect(closed.code).toBe(code)
  expect(closed.reason).toMatch(reason)
  expect(peer.framesReceived).toBe(0)
}

describe('authentication at the door of the sync socket', () => {
  it('refuses a token for another session, with no document byte', async () => {
    const server = await startSecureServer(cleanup)
    const first = await openRoom(server)
    const second = await openRoom(server)
    const tokenForFirst = await first.partnerA.token()
    await expectRefusedAtDoor(
      server.url,
      `sync/${second.sessionId}?token=${tokenForFirst}`,
      4403,
      /another session/,
    )
  })

  it('refuses an expired token', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const expired = new TokenSigner(Buffer.from(TEST_SECRET)).sign({
      typ: 'connect',
      sid: room.sessionId,
      doc: 'board',
      kind: 'participant',
      sub: room.partnerA.personId,
      exp: Date.now() - 1,
    })
    await expectRefusedAtDoor(server.url, `sync/${room.sessionId}?token=${expired}`, 4401, /expired/)
  })

  it('refuses a forged token: tampered payload, or signed with another key', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const genuine = await room.observer.token()
    const [body = '', mac = ''] = genuine.split('.')
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>
    const tampered = `${Buffer.from(JSON.stringify({ ...payload, kind: 'login' })).toString('base64url')}.${mac}`
    await expectRefusedAtDoor(server.url, `sync/${room.sessionId}?token=${tampered}`, 4401, /not valid/)
    const otherKey = new TokenSigner(Buffer.from('another-secret-another-secret-another-secret')).sign({
      typ: 'connect',
      sid: room.sessionId,
      doc: 'board',
      kind: 'participant',
      sub: room.partnerA.personId,
      exp: Date.now() + 60_000,
    })
    await expectRefusedAtDoor(server.url, `sync/${room.sessionId}?token=${otherKey}`, 4401, /not valid/)
    await expectRefusedAtDoor(server.url, `sync/${room.sessionId}?token=garbage`, 4401, /not valid/)
    await expectRefusedAtDoor(server.url, `sync/${room.sessionId}`, 4401, /invitation link|sign in/)
  })

  it('refuses an invitation token used as a connect token', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const inviteToken = room.invitations[0]?.token ?? ''
    await expectRefusedAtDoor(server.url, `sync/${room.sessionId}?token=${inviteToken}`, 4401, /not valid/)
  })

  it('revoking a link closes the socket of whoever joined with it and refuses their tokens', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const tokenBefore = await room.partnerA.token()
    const connected = await RawPeer.join(cleanup, server.url, room.sessionId, tokenBefore)
    const invitation = room.invitations.find((candidate) => candidate.role === 'partnerA')
    await room.therapist.browser.json('POST', `/api/invitations/${invitation?.id}/revoke`)
    expect((await withTimeout(connected.closed, 5_000, 'the revoked socket to close')).code).toBe(4403)
    await expectRefusedAtDoor(server.url, `sync/${room.sessionId}?token=${tokenBefore}`, 4403, /withdrawn/)
    const refusedToken = await room.partnerA.browser.request(
      'POST',
      `/api/sessions/${room.sessionId}/connect-token`,
      { target: 'board' },
    )
    expect(refusedToken.status).toBe(401)
    const audit = (await auditOf(server).forSession(room.sessionId)).map((entry) => entry.action)
    expect(audit).toContain('invitation_revoked')
    expect(audit).toContain('door_refused')
  })

  it('refuses an accepted cookie from another site’s page (cross-site websocket hijacking)', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const cookie = [...room.partnerA.browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    const { WebSocket } = await import('ws')
    const url = `${server.url.replace(/^http/, 'ws')}sync/${room.sessionId}`
    const evil = new WebSocket(url, { headers: { cookie, origin: 'https://evil.example' } })
    evil.on('error', () => {})
    cleanup.add(() => evil.terminate())
    const closed = await new Promise<number>((resolve) => evil.on('close', (code) => resolve(code)))
    expect(closed).toBe(4403)
    const own = new WebSocket(url, { headers: { cookie, origin: server.url.replace(/\/$/, '') } })
    cleanup.add(() => own.terminate())
    await withTimeout(
      new Promise((resolve) => own.once('message', resolve)),
      5_000,
      'the own-origin socket to sync',
    )
  })

  it('keeps the therapist notes from partners and observers; the therapist opens them', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    for (const person of [room.partnerA, room.partnerB, room.observer]) {
      // Their board token does not open the notes, and they cannot get a notes token.
      await expectRefusedAtDoor(
        server.url,
        `sync/${room.sessionId}/notes?token=${await person.token()}`,
        4403,
        /this document/,
      )
      const response = await person.browser.request('POST', `/api/sessions/${room.sessionId}/connect-token`, {
        target: 'notes',
      })
      expect(response.status).toBe(403)
    }
    const notesToken = (await connectToken(room.therapist.browser, room.sessionId, 'notes')).token
    const notes = await RawPeer.join(cleanup, server.url, room.sessionId, notesToken, 'notes')
    notes.write((doc) => doc.getText('notes').insert(0, 'private reflection'))
    const again = await RawPeer.join(cleanup, server.url, room.sessionId, notesToken, 'notes')
    await withTimeout(
      new Promise<void>((resolve) => {
        const check = () => again.doc.getText('notes').toString() === 'private reflection' && resolve()
        check()
        again.doc.on('update', check)
      }),
      5_000,
      'the notes to persist',
    )
    // The notes are a separate document: nothing of them is on the board.
    const board = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
    expect(board.doc.getText('notes').toString()).toBe('')
    board.write((doc) => addGoal(doc, { title: 'still works' }))
  })
})
