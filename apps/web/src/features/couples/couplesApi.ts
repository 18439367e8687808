import {
  caseloadSchema,
  connectTokenSchema,
  coupleDetailSchema,
  coupleSessionCreatedSchema,
  coupleSummarySchema,
  sessionSummarySchema,
} from '@session-board/protocol'
import type {
  ConnectToken,
  CoupleDetail,
  CoupleSummary,
  CreateCoupleSession,
  SessionSummary,
  UpdateCouple,
  createCoupleSchema,
} from '@session-board/protocol'
import type { z } from 'zod'
import { api } from '../../lib/api.ts'

const therapist = { therapistCall: true }
export const couplesPath = (coupleId: string) => `/api/couples/${encodeURIComponent(coupleId)}`

export async function listCouples(): Promise<CoupleSummary[]> {
  return (await api('GET', '/api/couples', caseloadSchema, therapist)).couples
}

export function createCouple(input: z.input<typeof createCoupleSchema>): Promise<CoupleSummary> {
  return api('POST', '/api/couples', coupleSummarySchema, { ...therapist, body: input })
}

export function getCouple(coupleId: string): Promise<CoupleDetail> {
  return api('GET', couplesPath(coupleId), coupleDetailSchema, therapist)
}

export function updateCouple(coupleId: string, patch: UpdateCouple): Promise<CoupleSummary> {
  return api('PATCH', couplesPath(coupleId), coupleSummarySchema, { ...therapist, body: patch })
}

/** "Start the next session" (start: true, the default) or only plan one for later (start: false). */
export function createCoupleSession(coupleId: string, input: Partial<CreateCoupleSession>) {
  return api('POST', `${couplesPath(coupleId)}/sessions`, coupleSessionCreatedSchema, {
    ...therapist,
    body: input,
  })
}

/** Starts a session that was only planned: its board becomes the couple's live meeting. */
export function startSession(sessionId: string): Promise<SessionSummary> {
  return api('POST', `/api/sessions/${encodeURIComponent(sessionId)}/start`, sessionSummarySchema, therapist)
}

/**
 * A token for the couple's own document (`/sync/cpl_…`): the therapist by their login, a partner by
 * their signed-in device. Not a therapist-only call: a partner's 401 means their device is signed out.
 */
export function fetchCoupleToken(coupleId: string): Promise<ConnectToken> {
  return api('POST', `${couplesPath(coupleId)}/connect-token`, connectTokenSchema, {
    body: { target: 'board' },
  })
}
