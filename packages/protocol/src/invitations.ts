import { z } from 'zod'
import { inviteeRoleSchema } from './roles.ts'
import { sessionIdSchema } from './sync.ts'

/** The two partners of a couple; observers come to one session and are not partners. */
export const partnerRoleSchema = inviteeRoleSchema.exclude(['observer'])
export type PartnerRole = z.infer<typeof partnerRoleSchema>

/** How many people one observer link may admit. */
export const MAX_OBSERVER_ADMITS = 10

/**
 * A link. A partner's belongs to the couple (sessionId null) and enrols that partner once; an
 * observer's belongs to one session and admits up to `admits` people.
 */
export const invitationSchema = z.object({
  id: z.string(),
  coupleId: z.string(),
  sessionId: sessionIdSchema.nullable(),
  role: inviteeRoleSchema,
  admits: z.number().int(),
  /** How many people it has admitted (a partner's: 1 once the partner enrolled with it). */
  used: z.number().int(),
  expiresAt: z.number(),
  revokedAt: z.number().nullable(),
  /** Present only when the invitation was just issued: the server keeps no copy of the token. */
  token: z.string().optional(),
  /** The path to share, `/join?token=…`; present with the token. */
  link: z.string().optional(),
})
export type Invitation = z.infer<typeof invitationSchema>

/** How long a link stays valid, in hours (default 24). */
const expiresInHours = z
  .number()
  .int()
  .min(1)
  .max(24 * 14)
  .optional()

export const issueInvitationSchema = z.object({
  role: inviteeRoleSchema,
  expiresInHours,
  /** Observers only: how many people the link admits (default 1). */
  admits: z
    .number()
    .int()
    .min(1, 'A link admits at least one person.')
    .max(MAX_OBSERVER_ADMITS, `A link admits at most ${MAX_OBSERVER_ADMITS} people.`)
    .optional(),
})

/** `POST /api/couples/:coupleId/invitations`: a partner's link, for the couple. */
export const issuePartnerLinkSchema = z.object({ role: partnerRoleSchema, expiresInHours })

export const invitationParamsSchema = z.object({
  sessionId: sessionIdSchema,
  invitationId: z.string().min(1).max(64),
})

export const invitationTokenSchema = z.object({ token: z.string().min(10).max(2000) })

/** What the join page shows before the person accepts: no names but their own. */
export const invitationPreviewSchema = z.object({
  coupleId: z.string(),
  /** The observer's session, or for a partner the couple's session running now (null between sessions). */
  sessionId: sessionIdSchema.nullable(),
  /** The session's title, so the invitee sees what they are joining ('' between sessions). */
  title: z.string(),
  role: inviteeRoleSchema,
  suggestedName: z.string(),
  privacyNotice: z.string(),
  sessionEnded: z.boolean(),
  /** A partner's link that already enrolled them: opening it on a new device asks the therapist first. */
  alreadyUsed: z.boolean(),
})
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>

export const acceptInvitationSchema = z.object({
  token: z.string().min(10).max(2000),
  displayName: z.string().trim().min(1, 'Please give a name.').max(60, 'A name is at most 60 characters.'),
  consent: z.literal(true, 'Please agree to the privacy notice to join.'),
})

/** Joined: this browser is signed in (its cookie is set) as this person. */
export const participantSchema = z.object({
  status: z.literal('joined'),
  coupleId: z.string(),
  /** Where to go now: the observer's session, or the partner's live (or next) session; null: the plan. */
  sessionId: sessionIdSchema.nullable(),
  participantId: z.string(),
  role: inviteeRoleSchema,
  displayName: z.string(),
})
export type Participant = z.infer<typeof participantSchema>

/** A partner's link opened on a new device: the therapist confirms the device first (answered 202). */
export const awaitingConfirmationSchema = z.object({
  status: z.literal('awaiting_confirmation'),
  coupleId: z.string(),
  /** The pending device, to ask `GET /api/invitations/requests/:requestId` about. */
  requestId: z.string(),
  message: z.string(),
})
export type AwaitingConfirmation = z.infer<typeof awaitingConfirmationSchema>

/** What accepting a link, or asking about a pending request, answers. */
export const joinAnswerSchema = z.discriminatedUnion('status', [
  participantSchema,
  awaitingConfirmationSchema,
])
export type JoinAnswer = z.infer<typeof joinAnswerSchema>

export const joinRequestParamsSchema = z.object({ requestId: z.string().min(1).max(64) })

/** One browser of a partner, as the therapist sees it. */
export const partnerDeviceSchema = z.object({
  id: z.string(),
  status: z.enum(['active', 'pending', 'withdrawn']),
  /** A coarse description from the browser ("Safari on iPhone"), to tell devices apart. */
  label: z.string(),
  createdAt: z.number(),
  lastSeenAt: z.number(),
  /** Used within the last 12 hours; after that the partner signs in again (passkey or link). */
  signedIn: z.boolean(),
  hasPasskey: z.boolean(),
})
export type PartnerDevice = z.infer<typeof partnerDeviceSchema>

export const partnerAccessSchema = z.object({
  role: partnerRoleSchema,
  /** The name the partner gave when joining, else the couple's name for them. */
  displayName: z.string(),
  enrolled: z.boolean(),
  /** Active devices (pending ones are listed under `pending`). */
  devices: z.array(partnerDeviceSchema),
  /** The partner's newest link (without its token), if one was issued. */
  latestLink: invitationSchema.nullable(),
})
export type PartnerAccess = z.infer<typeof partnerAccessSchema>

export const pendingDeviceSchema = partnerDeviceSchema.extend({
  role: partnerRoleSchema,
  /** A new device, or an enrolled one whose sign-in lapsed and came back through the link. */
  kind: z.enum(['new_device', 'returning_device']),
})
export type PendingDevice = z.infer<typeof pendingDeviceSchema>

export const partnersSchema = z.object({
  partners: z.array(partnerAccessSchema),
  pending: z.array(pendingDeviceSchema),
})
export type Partners = z.infer<typeof partnersSchema>

export const deviceParamsSchema = z.object({
  coupleId: z.string().min(3).max(64),
  deviceId: z.string().min(1).max(64),
})
export const partnerParamsSchema = z.object({
  coupleId: z.string().min(3).max(64),
  role: partnerRoleSchema,
})
