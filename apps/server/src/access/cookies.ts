import type { IncomingHttpHeaders } from 'node:http'

/** The therapist's login cookie. */
export const LOGIN_COOKIE = 'sb_login'
/** A participant's cookie, one per session so one browser can hold two (e.g. a therapist testing). */
export const participantCookie = (sessionId: string) => `sb_p_${sessionId}`

/** httpOnly so scripts cannot read it; SameSite=Strict so no other site's page sends it. */
export function cookieOptions(secure: boolean, maxAgeSeconds: number) {
  return { httpOnly: true, sameSite: 'Strict', secure, path: '/', maxAge: maxAgeSeconds } as const
}

/** Cookies from a raw upgrade request (Hono parses them for REST). */
export function readCookies(headers: IncomingHttpHeaders): Map<string, string> {
  const cookies = new Map<string, string>()
  for (const part of (headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=')
    if (at <= 0) continue
    const name = part.slice(0, at).trim()
    try {
      cookies.set(name, decodeURIComponent(part.slice(at + 1).trim()))
    } catch {
      // A cookie that is not ours and not well-formed: ignore it.
    }
  }
  return cookies
}

/**
 * Whether `origin` is this server's own origin: PUBLIC_URL's when configured (behind a proxy the
 * Host the server sees may differ), else the origin's host must equal the request's Host header.
 */
export function isOwnOrigin(
  origin: string | undefined,
  host: string | undefined,
  publicOrigin: string | null,
): boolean {
  if (!origin || origin === 'null') return false
  if (publicOrigin !== null) return origin === publicOrigin
  try {
    return host !== undefined && new URL(origin).host === host
  } catch {
    return false
  }
}
