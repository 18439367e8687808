import { z } from 'zod'

/** `GET /api/time`: the server's wall clock, ms since the epoch, read as it handled the request. */
export const serverTimeSchema = z.object({ now: z.number().int().nonnegative() })
export type ServerTime = z.infer<typeof serverTimeSchema>
