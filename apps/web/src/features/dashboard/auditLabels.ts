import type { AuditAction } from '@session-board/protocol'

/** What each audit action means, in plain words. */
export const auditActionLabels: Record<AuditAction, string> = {
  sign_up: 'Account created',
  sign_in: 'Signed in',
  sign_in_failed: 'Sign-in failed',
  sign_out: 'Signed out',
  idle_logoff: 'Signed out after inactivity',
  session_created: 'Session created',
  session_ended: 'Session ended',
  session_reopened: 'Session reopened',
  invitation_issued: 'Invitation link made',
  invitation_revoked: 'Invitation link withdrawn',
  invitation_accepted: 'Invitation accepted',
  join: 'Opened the board',
  leave: 'Left the board',
  door_refused: 'Connection refused',
  update_refused: 'Change refused',
  audit_exported: 'Audit trail exported',
  grid_revealed: 'Grid scores revealed',
  grid_hidden: 'Grid scores hidden',
  summary_exported: 'Session summary exported',
  call_opened: 'Video call opened',
  call_joined: 'Joined the video call',
  call_left: 'Left the video call',
  call_key_rotated: 'Video call given a new key',
  call_ended: 'Video call ended',
}
