// Set-up for `ours-secure`, before anything is measured, through the real REST API as the web app uses
// it: one therapist signs up (once: sign-in failures are rate limited), creates N sessions (each comes
// with its partner A and partner B invitations), each partner accepts their invitation (a fresh cookie
// jar per partner, as a separate browser would be), and every one of the 3 people of a session mints a
// connect token for the board, which its y-websocket client passes as `?token=`.
// Changes are sent with the page's Origin; the therapist's also carry the x-csrf-token header.

export interface SessionPlan {
  sessionIds: string[]
  /** Per session: the therapist's, partner A's and partner B's connect tokens; null without a door. */
  tokens: string[][] | null
}

export interface SetUpReport {
  requests: number
  ms: number
  /** 429 answers seen (none expected: only failed sign-ins are rate limited). */
  limited: number
}

/** One browser's cookies (and, once signed in, its CSRF token). */
export class Browser {
  readonly cookies = new Map<string, string>()
  csrfToken: string | null = null
}

interface Invitation {
  role: string
  token?: string
}

export async function setUpSecureSessions(
  httpBase: string,
  sessions: number,
  log: (line: string) => void,
): Promise<{ plan: SessionPlan; report: SetUpReport; therapist: Browser; people: Browser[][] }> {
  const base = httpBase.replace(/\/$/, '')
  const report: SetUpReport = { requests: 0, ms: 0, limited: 0 }
  const started = performance.now()

  const call = <T>(browser: Browser, path: string, body: unknown): Promise<T> =>
    postAs<T>(base, browser, path, body, report)
  const connectToken = (browser: Browser, sessionId: string): Promise<string> =>
    mintConnectToken(base, browser, sessionId, report)

  const therapist = new Browser()
  const me = await call<{ csrfToken: string }>(therapist, '/api/auth/sign-up', {
    email: `bench-${Date.now()}@clinic.test`,
    password: 'a long enough bench password',
    displayName: 'Dr. Bench',
  })
  therapist.csrfToken = me.csrfToken

  const sessionIds: string[] = new Array<string>(sessions)
  const tokens: string[][] = new Array<string[]>(sessions)
  const people: Browser[][] = new Array<Browser[]>(sessions)
  const setUpOne = async (i: number): Promise<void> => {
    const created = await call<{ session: { id: string }; invitations: Invitation[] }>(
      therapist,
      '/api/sessions',
      { title: `Bench session ${i + 1}`, partnerAName: 'Ari', partnerBName: 'Bo', observers: 0 },
    )
    const sessionId = created.session.id
    const partner = async (role: 'partnerA' | 'partnerB', displayName: string): Promise<Browser> => {
      const token = created.invitations.find((invitation) => invitation.role === role)?.token
      if (!token) throw new Error(`set-up: session ${sessionId} came without a ${role} invitation`)
      const browser = new Browser()
      await call(browser, '/api/invitations/accept', { token, displayName, consent: true })
      return browser
    }
    const [partnerA, partnerB] = await Promise.all([partner('partnerA', 'Ari'), partner('partnerB', 'Bo')])
    sessionIds[i] = sessionId
    const three = [therapist, partnerA, partnerB]
    people[i] = three
    tokens[i] = await Promise.all(three.map((b) => connectToken(b, sessionId)))
  }

  // A few sessions at a time: the server and the orchestrator share 2 cores with everything else.
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < sessions) await setUpOne(next++)
  }
  await Promise.all(Array.from({ length: Math.min(8, sessions) }, lane))
  report.ms = Math.round(performance.now() - started)
  log(
    `  set-up: 1 sign-up, ${sessions} sessions, ${sessions * 2} invitations accepted, ` +
      `${sessions * 3} connect tokens: ${report.requests} requests in ${report.ms} ms, ${report.limited} × 429`,
  )
  return { plan: { sessionIds, tokens }, report, therapist, people }
}

/** A POST as `browser` makes it: its page's Origin, its cookies (kept), its CSRF token once signed in. */
export async function postAs<T>(
  base: string,
  browser: Browser,
  path: string,
  body: unknown,
  report?: SetUpReport,
): Promise<T> {
  const headers: Record<string, string> = { origin: base, 'content-type': 'application/json' }
  if (browser.csrfToken) headers['x-csrf-token'] = browser.csrfToken
  if (browser.cookies.size > 0)
    headers.cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  if (report) report.requests++
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  })
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';')
    const at = pair.indexOf('=')
    if (at > 0) browser.cookies.set(pair.slice(0, at), pair.slice(at + 1))
  }
  const text = await response.text()
  if (response.status === 429 && report) report.limited++
  if (!response.ok) throw new Error(`set-up: POST ${path} answered ${response.status}: ${text.slice(0, 300)}`)
  return JSON.parse(text) as T
}

/** A connect token for the board of `sessionId`, as the web app asks for one before each socket. */
export async function mintConnectToken(
  base: string,
  browser: Browser,
  sessionId: string,
  report?: SetUpReport,
): Promise<string> {
  const answer = await postAs<{ token: string }>(
    base,
    browser,
    `/api/sessions/${sessionId}/connect-token`,
    { target: 'board' },
    report,
  )
  return answer.token
}

/** Creating a session loads its document; wait until the server evicted them, so the baseline is idle. */
export async function waitUntilIdle(healthUrl: string, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const response = await fetch(healthUrl, { signal: AbortSignal.timeout(5_000) }).catch(() => null)
    const health = response?.ok ? ((await response.json()) as { documentsLoaded: number }) : null
    if ((health && health.documentsLoaded === 0) || performance.now() > deadline)
      return health?.documentsLoaded ?? NaN
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

export function openSessions(sessions: number): SessionPlan {
  return {
    sessionIds: Array.from({ length: sessions }, (_, i) => `bench-${String(i).padStart(4, '0')}`),
    tokens: null,
  }
}
