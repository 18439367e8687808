export { auditActionSchema, auditActions, auditEntrySchema, auditListSchema } from './audit.ts'
export type { AuditAction, AuditEntry } from './audit.ts'
export { csrfTokenSchema, signInSchema, signUpSchema, therapistSchema } from './auth.ts'
export type { SignIn, SignUp, Therapist } from './auth.ts'
export { apiErrorSchema, healthSchema } from './health.ts'
export type { ApiError, Health } from './health.ts'
export {
  MAX_OBSERVER_ADMITS,
  acceptInvitationSchema,
  awaitingConfirmationSchema,
  deviceParamsSchema,
  invitationParamsSchema,
  invitationPreviewSchema,
  invitationSchema,
  invitationTokenSchema,
  issueInvitationSchema,
  issuePartnerLinkSchema,
  joinAnswerSchema,
  joinRequestParamsSchema,
  partnerAccessSchema,
  partnerDeviceSchema,
  partnerParamsSchema,
  partnerRoleSchema,
  partnersSchema,
  participantSchema,
  pendingDeviceSchema,
} from './invitations.ts'
export type {
  AwaitingConfirmation,
  Invitation,
  InvitationPreview,
  JoinAnswer,
  Participant,
  PartnerAccess,
  PartnerDevice,
  PartnerRole,
  Partners,
  PendingDevice,
} from './invitations.ts'
export {
  authenticationResponseSchema,
  partnerSignedInSchema,
  passkeyListSchema,
  passkeyOptionsSchema,
  passkeyRegisterOptionsRequestSchema,
  passkeyRegisterVerifySchema,
  passkeyRegisteredSchema,
  passkeySignInOptionsRequestSchema,
  passkeySignInVerifySchema,
  passkeySignedInSchema,
  registrationResponseSchema,
  secondFactorSchema,
  therapistSignedInSchema,
} from './passkeys.ts'
export type { PasskeyRegistered, PasskeySignedIn, SecondFactor } from './passkeys.ts'
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
export {
  caseloadSchema,
  coupleDetailSchema,
  coupleIdSchema,
  coupleParamsSchema,
  coupleSessionCreatedSchema,
  coupleSummarySchema,
  createCoupleSchema,
  createCoupleSessionSchema,
  isoDaySchema,
  meetingHistorySchema,
  partnerSelfSchema,
  phaseLabels,
  treatmentPhaseSchema,
  treatmentPhases,
  updateCoupleSchema,
} from './couples.ts'
export type {
  Caseload,
  CoupleDetail,
  CoupleSummary,
  CreateCouple,
  CreateCoupleSession,
  MeetingHistory,
  PartnerSelf,
  TreatmentPhase,
  UpdateCouple,
} from './couples.ts'
export {
  acknowledgedAlertSchema,
  caseloadFlagsSchema,
  entryFlagSchema,
  entryListSchema,
  flagAlertSchema,
  flagLevelSchema,
  flagListSchema,
  flagParamsSchema,
  flagRecordSchema,
  progressEntrySchema,
  storedEntriesSchema,
} from './progress.ts'
export type {
  AcknowledgedAlert,
  CaseloadFlags,
  EntryFlag,
  EntryList,
  FlagAlert,
  FlagList,
  FlagRecord,
  StoredEntries,
} from './progress.ts'
