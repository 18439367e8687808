import { z } from 'zod'

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('Please give a valid email address.').max(254, 'An email address is at most 254 characters.'))

export const signUpSchema = z.object({
  email,
  password: z
    .string()
    .min(12, 'A password is at least 12 characters.')
    .max(200, 'A password is at most 200 characters.'),
  displayName: z.string().trim().min(1, 'Please give a name.').max(80, 'A name is at most 80 characters.'),
})
export type SignUp = z.infer<typeof signUpSchema>

export const signInSchema = z.object({
  email,
  password: z.string().min(1, 'Please give your password.').max(200),
})
export type SignIn = z.infer<typeof signInSchema>

/** The signed-in therapist, as `GET /api/auth/me` and sign-in answer it. */
export const therapistSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  /** When the session cookie expires if nothing happens (automatic log-off), in ms since the epoch. */
  idleLogoffAt: z.number(),
})
export type Therapist = z.infer<typeof therapistSchema>

/** The double-submit CSRF token: sent back in the `x-csrf-token` header on every change. */
export const csrfTokenSchema = z.object({ csrfToken: z.string() })
