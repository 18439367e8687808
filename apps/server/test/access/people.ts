import {
  connectTokenSchema,
  invitationSchema,
  participantSchema,
  sessionSummarySchema,
} from '@session-board/protocol'
import type { Invitation } from '@session-board/protocol'
import { z } from 'zod'
import type { ServerOptions } from '../../src/config.ts'
import type { RunningServer } from '../../src/server.ts'
import type { createCleanup } from '../helpers.ts'
import { startTestServer } from '../helpers.ts'

type Cleanup = ReturnType<typeof createCleanup>

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hmac-0123456789'

/** A real server with the production extensions (door and write rules). */
export function startSecureServer(
  cleanup: Cleanup,
  options: Partial<ServerOptions> = {},
): Promise<RunningServer> {
  return startTestServer(cleanup, {
    extensions: 'secure',
    ...options,
    access: { secret: TEST_SECRET, ...options.access },
  })
}

/**
 * A browser, as far as the API can tell: it keeps its cookies, sends its page's Origin on changes and,
 * once signed in, the CSRF token.
 */
export class Browser {
  readonly cookies = new Map<string, string>()
  csrfToken: string | null = null
  readonly origin: string
  readonly base: string

  constructor(serverUrl: string, origin?: string) {
    this.base = serverUrl.replace(/\/$/, '')
    this.origin = origin ?? this.base
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const sent: Record<string, string> = { ...headers }
    if (method !== 'GET') sent.origin ??= this.origin
    if (this.csrfToken && method !== 'GET') sent['x-csrf-token'] ??= this.csrfToken
    if (body !== undefined) sent['content-type'] = 'application/json'
    if (this.cookies.size > 0)
      sent.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: sent,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const at = pair.indexOf('=')
      const name = pair.slice(0, at)
      const value = pair.slice(at + 1)
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return response
  }

  async json<T>(method: string, path: string, body?: unknown, schema?: z.ZodType<T>): Promise<T> {
    const response = await this.request(method, path, body)
    const data: unknown = await response.json()
    if (!response.ok)
      throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(data)}`)
    return schema ? schema.parse(data) : (data as T)
  }
}

export type Person = { browser: Browser; personId: string; token: () => Promise<string> }

export type Room = {
  sessionId: string
  therapist: Person
  partnerA: Person
  partnerB: Person
  observer: Person
  invitations: Invitation[]
}

let counter = 0

export async function signUpTherapist(
  server: RunningServer,
  email = `therapist${++counter}@clinic.test`,
): Promise<Browser> {
  const browser = new Browser(server.url)
  const me = await browser.json(
    'POST',
    '/api/auth/sign-up',
    {
      email,
      password: 'a long enough password',
      displayName: 'Dr. Test',
    },
    z.object({ csrfToken: z.string() }),
  )
  browser.csrfToken = me.csrfToken
  return browser
}

const connectToken = (browser: Browser, sessionId: string, target: 'board' | 'notes' = 'board') =>
  browser.json('POST', `/api/sessions/${sessionId}/connect-token`, { target }, connectTokenSchema)

/** A therapist with a session, and partner A, partner B and an observer who joined through their links. */
export async function openRoom(
  server: RunningServer,
  names = { title: 'Week 1', partnerAName: 'Ari', partnerBName: 'Bo' },
): Promise<Room> {
  const therapistBrowser = await signUpTherapist(server)
  const created = await therapistBrowser.json(
    'POST',
    '/api/sessions',
    { ...names, observers: 1 },
    z.object({ session: sessionSummarySchema, invitations: z.array(invitationSchema) }),
  )
  const sessionId = created.session.id
  const join = async (role: 'partnerA' | 'partnerB' | 'observer'): Promise<Person> => {
    const invitation = created.invitations.find((candidate) => candidate.role === role)
    const browser = new Browser(server.url)
    const joined = await browser.json(
      'POST',
      '/api/invitations/accept',
      { token: invitation?.token, displayName: role, consent: true },
      participantSchema,
    )
    return {
      browser,
      personId: joined.participantId,
      token: async () => (await connectToken(browser, sessionId)).token,
    }
  }
  const therapistToken = await connectToken(therapistBrowser, sessionId)
  return {
    sessionId,
    invitations: created.invitations,
    therapist: {
      browser: therapistBrowser,
      personId: therapistToken.personId,
      token: async () => (await connectToken(therapistBrowser, sessionId)).token,
    },
    partnerA: await join('partnerA'),
    partnerB: await join('partnerB'),
    observer: await join('observer'),
  }
}

export { connectToken }
