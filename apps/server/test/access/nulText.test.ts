// U+0000 in text: PostgreSQL cannot keep it, so no store is asked to. A REST body with it is refused in
// words; a refusal whose detail names a hostile client's root is audited all the same.
import { apiErrorSchema } from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { createCleanup, waitFor } from '../helpers.ts'
import { refusalsIn } from './forger.ts'
import { Browser, openRoom, startSecureServer } from './people.ts'
import { RawPeer } from './rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

describe('the NUL character in text', () => {
  it('is refused in a REST body with a clear reason, and the server keeps answering', async () => {
    const server = await startSecureServer(cleanup)
    const response = await new Browser(server.url).request('POST', '/api/auth/sign-up', {
      email: 'nul@clinic.test',
      password: 'a long enough password',
      displayName: 'Dr.\u0000Test',
    })
    expect(response.status).toBe(400)
    expect(apiErrorSchema.parse(await response.json())).toEqual({
      code: 'invalid_request',
      message: 'Text may not contain the NUL character (U+0000).',
    })
    const again = await new Browser(server.url).request('POST', '/api/auth/sign-up', {
      email: 'nul@clinic.test',
      password: 'a long enough password',
      displayName: 'Dr. Test',
    })
    expect(again.status).toBe(201)
  })

  it('in a hostile update’s root name does not cost the refusal its audit row', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const attacker = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
    attacker.write((doc) => doc.getMap('goals\u0000hidden').set('x', 1))
    expect((await attacker.closed).code).toBe(4403)
    await waitFor(
      async () => (await refusalsIn(server, room.sessionId)).length === 1,
      'the refusal’s audit row',
    )
    const [row] = await refusalsIn(server, room.sessionId)
    expect(row?.actorId).toBe(room.partnerA.personId)
    expect(row?.detail).not.toContain('\u0000')
  })
})
