import { z } from 'zod'

export const roleSchema = z.enum(['therapist', 'partnerA', 'partnerB', 'observer'])
export type Role = z.infer<typeof roleSchema>

export const roleLabels: Record<Role, string> = {
  therapist: 'Therapist',
  partnerA: 'Partner A',
  partnerB: 'Partner B',
  observer: 'Observer',
}

/** What each person publishes in awareness under the `user` key: never stored in the document. */
export const presenceSchema = z.object({
  // A therapist's name may be 80 characters (sign-up), a partner's 60 (joining).
  name: z.string().trim().min(1, 'Please give a name.').max(80, 'A name is at most 80 characters.'),
  role: roleSchema,
  color: z.string().regex(/^#[0-9a-f]{6}$/i),
})
export type Presence = z.infer<typeof presenceSchema>

/**
 * Where someone's pointer is on the goal canvas (page coordinates) and what they have selected, under
 * the awareness key `canvas`. Live only: never stored.
 */
export const canvasPresenceSchema = z.object({
  cursor: z.object({ x: z.number().finite(), y: z.number().finite() }).nullable(),
  selected: z.array(z.string().max(80)).max(100),
})
export type CanvasPresence = z.infer<typeof canvasPresenceSchema>
