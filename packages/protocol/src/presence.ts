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
  name: z.string().trim().min(1, 'Please give a name.').max(60, 'A name is at most 60 characters.'),
  role: roleSchema,
  color: z.string().regex(/^#[0-9a-f]{6}$/i),
})
export type Presence = z.infer<typeof presenceSchema>
