import { request as httpRequest } from 'node:http'
import { apiErrorSchema, sessionSummarySchema } from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { BODY_LIMITS } from '../../src/routes/api/bodyLimits.ts'
import { createCleanup, withTimeout } from '../helpers.ts'
import { Browser, signUpTherapist, startSecureServer } from './people.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const MiB = 1024 * 1024
const HUGE = 100 * MiB

type Answer = { status: number; body: string; sentBytes: number }

/**
 * POSTs a JSON body of `totalBytes` as an attacker would: written chunk by chunk (one 64 KiB buffer,
 * reused, so the test itself holds nothing near the size), and stopped as soon as the server answers.
 * Without `declareLength` it goes chunked, with no Content-Length for the server to go by.
 */
function postHuge(url: string, totalBytes: number, declareLength: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const start = Buffer.from(
      '{"email":"probe@clinic.test","password":"long enough password","displayName":"',
    )
    const chunk = Buffer.alloc(64 * 1024, 'a')
    const origin = new URL(url).origin
    const headers: Record<string, string> = { 'content-type': 'application/json', origin }
    if (declareLength) headers['content-length'] = String(totalBytes)
    const request = httpRequest(url, { method: 'POST', headers })
    let answered = false
    let sentBytes = 0
    request.on('response', (response) => {
      answered = true
      const parts: Buffer[] = []
      response.on('data', (part: Buffer) => parts.push(part))
      response.on('end', () => {
        request.destroy()
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString(), sentBytes })
      })
    })
    // Once the server has answered it may cut the connection while we still write: expected.
    request.on('error', (error) => {
      if (!answered) reject(error)
    })
    const pump = (): void => {
      while (!answered && sentBytes < totalBytes) {
        const part = chunk.subarray(0, Math.min(chunk.length, totalBytes - sentBytes))
        sentBytes += part.length
        if (!request.write(part)) {
          request.once('drain', pump)
          return
        }
      }
      if (!answered) request.end()
    }
    sentBytes = start.length
    request.write(start)
    pump()
  })
}

function expectTooLarge(answer: { status: number; body: string }, limit: string): void {
  expect(answer.status).toBe(413)
  const error = apiErrorSchema.parse(JSON.parse(answer.body))
  expect(error.code).toBe('too_large')
  expect(error.message).toContain(limit)
}

describe('request bodies are limited before they are read', () => {
  it('refuses a 100 MB sign-up before sign-in without holding it, and still signs people in', async () => {
    const server = await startSecureServer(cleanup)
    const signUp = new URL('api/auth/sign-up', server.url).href
    const therapist = await signUpTherapist(server, 'still-here@clinic.test')
    const rssBefore = process.memoryUsage().rss

    const chunked = await withTimeout(
      postHuge(signUp, HUGE, false),
      10_000,
      'the chunked sign-up to be refused',
    )
    // Over the default every route is held to: refused there, ahead of sign-up's own limit.
    expectTooLarge(chunked, '16 KiB')
    // Answered at the limit, long before the attacker got near the end of the body.
    expect(chunked.sentBytes).toBeLessThan(HUGE / 4)

    const declared = await withTimeout(
      postHuge(signUp, HUGE, true),
      10_000,
      'the declared sign-up to be refused',
    )
    expectTooLarge(declared, '16 KiB')
    expect(declared.sentBytes).toBeLessThan(HUGE / 4)

    const growth = process.memoryUsage().rss - rssBefore
    expect(growth, `the server process grew by ${(growth / MiB).toFixed(1)} MiB`).toBeLessThan(20 * MiB)

    // Under the default but over what sign-up needs: sign-up's own limit.
    const overAuth = await withTimeout(
      postHuge(signUp, BODY_LIMITS.auth + 1, false),
      10_000,
      'the sign-up over 4 KiB to be refused',
    )
    expectTooLarge(overAuth, '4 KiB')

    // The server keeps going: the account made before still signs in.
    const signIn = await new Browser(server.url).request('POST', '/api/auth/sign-in', {
      email: 'still-here@clinic.test',
      password: 'a long enough password',
    })
    expect(signIn.status).toBe(200)
    expect((await therapist.request('GET', '/api/auth/me')).status).toBe(200)
  })

  it('holds a signed-in route to its own limit, and a legitimate body still goes through', async () => {
    const server = await startSecureServer(cleanup)
    const therapist = await signUpTherapist(server)
    const names = { partnerAName: 'Ari', partnerBName: 'Bo', observers: 0 }

    const oversized = await therapist.request('POST', '/api/sessions', {
      ...names,
      title: 'x'.repeat(BODY_LIMITS.createSession),
    })
    expectTooLarge({ status: oversized.status, body: await oversized.text() }, '4 KiB')

    // The longest title and names the schema allows, in three-byte characters, fit well inside.
    const longest = await therapist.json(
      'POST',
      '/api/sessions',
      { title: '語'.repeat(120), partnerAName: '語'.repeat(60), partnerBName: '語'.repeat(60), observers: 5 },
      z.object({ session: sessionSummarySchema }),
    )
    expect(longest.session.title).toBe('語'.repeat(120))
  })

  it('gives a route without its own limit the default, ahead of the sign-in and CSRF checks', async () => {
    const server = await startSecureServer(cleanup)
    const therapist = await signUpTherapist(server)
    const created = await therapist.json(
      'POST',
      '/api/sessions',
      { title: 'Week 1', partnerAName: 'Ari', partnerBName: 'Bo' },
      z.object({ session: sessionSummarySchema }),
    )
    const end = `/api/sessions/${created.session.id}/end`
    const padding = (bytes: number) => ({ padding: 'x'.repeat(bytes) })

    // Ending a session reads no body and sets no limit of its own: the default (16 KiB) applies.
    const tooLarge = await therapist.request('POST', end, padding(BODY_LIMITS.default + 1))
    expectTooLarge({ status: tooLarge.status, body: await tooLarge.text() }, '16 KiB')
    const underDefault = await therapist.request('POST', end, padding(BODY_LIMITS.default / 2))
    expect(underDefault.status).toBe(200)

    // No cookie and no CSRF token: the body is refused first, before any guard looks at the request.
    const anonymous = await withTimeout(
      postHuge(new URL('api/sessions', server.url).href, HUGE, false),
      10_000,
      'the anonymous body to be refused',
    )
    expectTooLarge(anonymous, '16 KiB')
  })
})
