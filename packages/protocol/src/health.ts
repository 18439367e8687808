import { z } from 'zod'

export const healthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  documentsLoaded: z.number().int().nonnegative(),
  connections: z.number().int().nonnegative(),
})
export type Health = z.infer<typeof healthSchema>

/** Every REST error is this shape: a stable code for programs and a sentence for people. */
export const apiErrorSchema = z.object({ code: z.string(), message: z.string() })
export type ApiError = z.infer<typeof apiErrorSchema>
