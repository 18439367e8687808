import {
  caseloadSchema,
  connectTokenSchema,
  coupleDetailSchema,
  coupleSessionCreatedSchema,
  coupleSummarySchema,
} from '@session-board/protocol'
import type { CoupleSummary } from '@session-board/protocol'
import type { RunningServer } from '../../src/server.ts'
import type { createCleanup } from '../helpers.ts'
import type { Browser } from '../access/people.ts'
import { RawPeer } from '../access/rawPeer.ts'

type Cleanup = ReturnType<typeof createCleanup>

/** The therapist's calls about couples, as the couple's page makes them. */
export const couplesApi = (therapist: Browser) => ({
  caseload: () => therapist.json('GET', '/api/couples', undefined, caseloadSchema),
  add: (partnerAName: string, partnerBName: string): Promise<CoupleSummary> =>
    therapist.json(
      'POST',
      '/api/couples',
      { partnerAName, partnerBName, programStart: '2026-11-02' },
      coupleSummarySchema,
    ),
  detail: (coupleId: string) =>
    therapist.json('GET', `/api/couples/${coupleId}`, undefined, coupleDetailSchema),
  startNext: (coupleId: string) =>
    therapist.json('POST', `/api/couples/${coupleId}/sessions`, { start: true }, coupleSessionCreatedSchema),
  end: (sessionId: string) => therapist.request('POST', `/api/sessions/${sessionId}/end`),
})

/** A connect token for a couple's plan (between sessions), for whoever this browser is. */
export const planToken = (browser: Browser, coupleId: string) =>
  browser.json('POST', `/api/couples/${coupleId}/connect-token`, { target: 'board' }, connectTokenSchema)

/** Opens the couple's plan (not a session) over the raw sync protocol. */
export async function joinPlan(
  cleanup: Cleanup,
  server: RunningServer,
  browser: Browser,
  coupleId: string,
): Promise<RawPeer> {
  return RawPeer.join(cleanup, server.url, coupleId, (await planToken(browser, coupleId)).token)
}
