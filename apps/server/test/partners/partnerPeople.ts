import {
  connectTokenSchema,
  coupleSessionCreatedSchema,
  coupleSummarySchema,
  invitationSchema,
  partnersSchema,
} from '@session-board/protocol'
import type { Invitation, Partners } from '@session-board/protocol'
import type { RunningServer } from '../../src/server.ts'
import type { createCleanup } from '../helpers.ts'
import { makeTempDir } from '../helpers.ts'
import { Browser, signUpTherapist, startSecureServer } from '../access/people.ts'

type Cleanup = ReturnType<typeof createCleanup>

/** A secure server whose database file the test may read (and age), at `dataDir`. */
export async function startPartnerServer(
  cleanup: Cleanup,
): Promise<{ server: RunningServer; dataDir: string }> {
  const dataDir = await makeTempDir(cleanup)
  return { server: await startSecureServer(cleanup, { dataDir }), dataDir }
}

/**
 * A browser at `http://localhost:port`: WebAuthn names the site by host name and refuses IP
 * addresses, so passkeys are tested on localhost, as in development.
 */
export const localBrowser = (server: RunningServer) => new Browser(`http://localhost:${server.port}`)

/** A therapist with a couple (no session yet). */
export async function therapistWithCouple(server: RunningServer) {
  const therapist = await signUpTherapist(server)
  const couple = await therapist.json(
    'POST',
    '/api/couples',
    { partnerAName: 'Ari', partnerBName: 'Bo', programStart: '2026-01-05' },
    coupleSummarySchema,
  )
  return { therapist, coupleId: couple.id }
}

export async function startSession(therapist: Browser, coupleId: string, observers = 0) {
  return therapist.json(
    'POST',
    `/api/couples/${coupleId}/sessions`,
    { start: true, observers },
    coupleSessionCreatedSchema,
  )
}

export const partnerLink = (therapist: Browser, coupleId: string, role: 'partnerA' | 'partnerB') =>
  therapist.json('POST', `/api/couples/${coupleId}/invitations`, { role }, invitationSchema)

export const partners = (therapist: Browser, coupleId: string): Promise<Partners> =>
  therapist.json('GET', `/api/couples/${coupleId}/partners`, undefined, partnersSchema)

/** Opens a link in a browser as a person would: their name and their consent. */
export async function openLink(browser: Browser, link: Invitation, displayName = 'Ari') {
  const response = await browser.request('POST', '/api/invitations/accept', {
    token: link.token,
    displayName,
    consent: true,
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

/** What a partner's device may do between sessions: ask for a connect token to the couple's plan. */
export async function planToken(
  browser: Browser,
  coupleId: string,
): Promise<{ status: number; personId?: string }> {
  const response = await browser.request('POST', `/api/couples/${coupleId}/connect-token`, {
    target: 'board',
  })
  if (!response.ok) return { status: response.status }
  return { status: response.status, personId: connectTokenSchema.parse(await response.json()).personId }
}

/** Counts rows of the server's access tables (`SELECT count(*) AS n …`), in whichever store it uses. */
export async function countRows(server: RunningServer, sql: string, ...values: string[]): Promise<number> {
  return Number((await server.sql.get<{ n: unknown }>(sql, values))?.n)
}

/** Time passes for a device: it was last used `hours` ago. */
export async function ageDevices(server: RunningServer, participantId: string, hours: number): Promise<void> {
  await server.sql.run('UPDATE devices SET last_seen_at = ? WHERE participant_id = ?', [
    Date.now() - hours * 3_600_000,
    participantId,
  ])
}
