export { auditActionSchema, auditActions, auditEntrySchema, auditListSchema } from './audit.ts'
export type { AuditAction, AuditEntry } from './audit.ts'
export { csrfTokenSchema, signInSchema, signUpSchema, therapistSchema } from './auth.ts'
export type { SignIn, SignUp, Therapist } from './auth.ts'
export { apiErrorSchema, healthSchema } from './health.ts'
export type { ApiError, Health } from './health.ts'
export {
  acceptInvitationSchema,
  invitationParamsSchema,
  invitationPreviewSchema,
  invitationSchema,
  invitationTokenSchema,
  issueInvitationSchema,
  participantSchema,
} from './invitations.ts'
export type { Invitation, InvitationPreview, Participant } from './invitations.ts'
export { canvasPresenceSchema, presenceSchema, roleLabels, roleSchema } from './presence.ts'
export type { CanvasPresence, Presence, Role } from './presence.ts'
export { inviteeRoleSchema, syncTargetSchema } from './roles.ts'
export type { InviteeRole, SyncTarget } from './roles.ts'
export {
  connectTokenRequestSchema,
  connectTokenSchema,
  createSessionSchema,
  dashboardSchema,
  presentPersonSchema,
  sessionParamsSchema,
  sessionStatusSchema,
  sessionSummarySchema,
} from './sessions.ts'
export type { ConnectToken, CreateSession, Dashboard, SessionSummary } from './sessions.ts'
export { MAX_FRAME_BYTES, MESSAGE_REFUSAL, SYNC_CLOSE, refusalSchema, sessionIdSchema } from './sync.ts'
export type { Refusal, SessionId } from './sync.ts'
export { serverTimeSchema } from './time.ts'
export type { ServerTime } from './time.ts'
export { callAttributesSchema, callDetailsSchema, callUnavailableCodes } from './call.ts'
export type { CallDetails } from './call.ts'
