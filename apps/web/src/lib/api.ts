import { apiErrorSchema } from '@session-board/protocol'
import type { z } from 'zod'

/** A refused or failed API call, in the server's own words ({code, message}). */
export class ApiFailure extends Error {
  readonly status: number
  readonly code: string
  /** Seconds to wait before trying again, when the server said so (429). */
  readonly retryAfterSeconds: number | null

  constructor(status: number, code: string, message: string, retryAfterSeconds: number | null = null) {
    super(message)
    this.name = 'ApiFailure'
    this.status = status
    this.code = code
    this.retryAfterSeconds = retryAfterSeconds
  }
}

let csrfToken: string | null = null
const signedOutListeners = new Set<() => void>()

/** The login's CSRF token, given at sign-in and by /api/auth/me; sent on every change. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** Called when a therapist-only call answers 401: the login ended (idle log-off or signed out elsewhere). */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener)
  return () => signedOutListeners.delete(listener)
}

export function notifySignedOut(): void {
  for (const listener of signedOutListeners) listener()
}

interface RequestOptions {
  body?: unknown
  /** A 401 means the therapist's login ended (not true for sign-in itself or a partner's calls). */
  therapistCall?: boolean
}

/** Same-origin JSON call: the browser adds the Origin header and the cookies; we add the CSRF token. */
export type ApiMethod = 'GET' | 'POST' | 'PATCH'

export async function api<T>(
  method: ApiMethod,
  path: string,
  schema: z.ZodType<T> | null,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    })
  } catch {
    throw new ApiFailure(0, 'network', 'The server could not be reached. Please check the connection.')
  }
  if (response.status === 204) return undefined as T
  const data: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const parsed = apiErrorSchema.safeParse(data)
    const retry = Number(response.headers.get('retry-after'))
    const failure = new ApiFailure(
      response.status,
      parsed.success ? parsed.data.code : `http_${response.status}`,
      parsed.success ? parsed.data.message : 'Something went wrong on the server. Please try again.',
      Number.isFinite(retry) && retry > 0 ? retry : null,
    )
    if (response.status === 401 && options.therapistCall) notifySignedOut()
    throw failure
  }
  return schema ? schema.parse(data) : (data as T)
}

/** A failure's message for people; anything unexpected gets a neutral sentence. */
export function describeFailure(error: unknown): string {
  if (error instanceof ApiFailure) return error.message
  return 'Something unexpected happened. Please try again.'
}
