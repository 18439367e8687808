import type { createSessionSchema } from '@session-board/protocol'
import {
  auditListSchema,
  dashboardSchema,
  invitationSchema,
  sessionSummarySchema,
} from '@session-board/protocol'
import type { AuditEntry, Dashboard, Invitation, InviteeRole, SessionSummary } from '@session-board/protocol'
import { z } from 'zod'
import { api } from '../../lib/api.ts'

const createdSchema = z.object({ session: sessionSummarySchema, invitations: z.array(invitationSchema) })
const invitationListSchema = z.object({ invitations: z.array(invitationSchema) })
const therapist = { therapistCall: true }
const sessionPath = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`

export function listSessions(): Promise<Dashboard> {
  return api('GET', '/api/sessions', dashboardSchema, therapist)
}

export function getSession(sessionId: string): Promise<SessionSummary> {
  return api('GET', sessionPath(sessionId), sessionSummarySchema, therapist)
}

export function createSession(
  input: z.input<typeof createSessionSchema>,
): Promise<{ session: SessionSummary; invitations: Invitation[] }> {
  return api('POST', '/api/sessions', createdSchema, { ...therapist, body: input })
}

export function endSession(sessionId: string): Promise<SessionSummary> {
  return api('POST', `${sessionPath(sessionId)}/end`, sessionSummarySchema, therapist)
}

export function reopenSession(sessionId: string): Promise<SessionSummary> {
  return api('POST', `${sessionPath(sessionId)}/reopen`, sessionSummarySchema, therapist)
}

export async function listInvitations(sessionId: string): Promise<Invitation[]> {
  const query = new URLSearchParams({ sessionId })
  return (await api('GET', `/api/invitations?${query}`, invitationListSchema, therapist)).invitations
}

/** Issues a link; for a partner this also withdraws their previous link (the server's reissue). */
export function issueInvitation(sessionId: string, role: InviteeRole): Promise<Invitation> {
  return api('POST', '/api/invitations', invitationSchema, { ...therapist, body: { sessionId, role } })
}

export function revokeInvitation(invitationId: string): Promise<Invitation> {
  return api(
    'POST',
    `/api/invitations/${encodeURIComponent(invitationId)}/revoke`,
    invitationSchema,
    therapist,
  )
}

export async function fetchAudit(sessionId: string): Promise<AuditEntry[]> {
  return (await api('GET', `/api/audit/${encodeURIComponent(sessionId)}`, auditListSchema, therapist)).entries
}

export function auditCsvUrl(sessionId: string): string {
  return `/api/audit/${encodeURIComponent(sessionId)}/export.csv`
}

/** A live link again, the very same one (signed again from its record); nobody is shut out. */
export function showInvitationLink(invitationId: string): Promise<Invitation> {
  return api('POST', `/api/invitations/${encodeURIComponent(invitationId)}/show`, invitationSchema, {
    ...therapist,
    body: {},
  })
}
