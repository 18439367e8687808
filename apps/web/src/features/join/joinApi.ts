import { invitationPreviewSchema, joinAnswerSchema } from '@session-board/protocol'
import type { InvitationPreview, JoinAnswer, Participant } from '@session-board/protocol'
import { api } from '../../lib/api.ts'
import { PLAN_PATH, boardPath } from '../../lib/routes.ts'

export function previewInvitation(token: string): Promise<InvitationPreview> {
  const query = new URLSearchParams({ token })
  return api('GET', `/api/invitations/preview?${query}`, invitationPreviewSchema)
}

/** Joined (200), or, for a partner's link opened on a new device, waiting for the therapist (202). */
export function acceptInvitation(token: string, displayName: string): Promise<JoinAnswer> {
  return api('POST', '/api/invitations/accept', joinAnswerSchema, {
    body: { token, displayName, consent: true },
  })
}

/** A device waiting for the therapist asks whether it has been confirmed. */
export function askAboutRequest(requestId: string): Promise<JoinAnswer> {
  return api('GET', `/api/invitations/requests/${encodeURIComponent(requestId)}`, joinAnswerSchema)
}

/** Where a person goes once they are in: a session running now, else (a partner) their plan. */
export function destinationOf(joined: Participant): string {
  return joined.sessionId ? boardPath(joined.sessionId) : PLAN_PATH
}
