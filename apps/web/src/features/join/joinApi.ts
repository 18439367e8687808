import { invitationPreviewSchema, participantSchema } from '@session-board/protocol'
import type { InvitationPreview, Participant } from '@session-board/protocol'
import { api } from '../../lib/api.ts'

export function previewInvitation(token: string): Promise<InvitationPreview> {
  const query = new URLSearchParams({ token })
  return api('GET', `/api/invitations/preview?${query}`, invitationPreviewSchema)
}

export function acceptInvitation(token: string, displayName: string): Promise<Participant> {
  return api('POST', '/api/invitations/accept', participantSchema, {
    body: { token, displayName, consent: true },
  })
}
