import type { Invitation } from '@session-board/protocol'

/**
 * The server shows an invitation's link only once, when it is issued, and keeps no copy. So the
 * dashboard keeps the links it was given in this tab (sessionStorage: gone when the tab closes), and
 * offers a new link where it has none.
 */
const key = 'session-board:invitation-links'

function readAll(): Record<string, string> {
  try {
    const raw = sessionStorage.getItem(key)
    const value: unknown = raw ? JSON.parse(raw) : {}
    return value && typeof value === 'object' ? (value as Record<string, string>) : {}
  } catch {
    return {}
  }
}

export function rememberLinks(invitations: readonly Invitation[]): void {
  const all = readAll()
  for (const invitation of invitations) if (invitation.link) all[invitation.id] = invitation.link
  try {
    sessionStorage.setItem(key, JSON.stringify(all))
  } catch {
    // Storage unavailable: the link is shown until the page reloads.
  }
}

export function knownLink(invitationId: string): string | null {
  return readAll()[invitationId] ?? null
}

const partnerKey = (coupleId: string, role: string) => `${coupleId}/${role}`

/** A partner's couple link, kept under the couple and role: a new one replaces the last. */
export function rememberPartnerLink(coupleId: string, role: string, link: string | null): void {
  const all = readAll()
  if (link) all[partnerKey(coupleId, role)] = link
  else delete all[partnerKey(coupleId, role)]
  try {
    sessionStorage.setItem(key, JSON.stringify(all))
  } catch {
    // Storage unavailable: the link is shown until the page reloads.
  }
}

export function knownPartnerLink(coupleId: string, role: string): string | null {
  return readAll()[partnerKey(coupleId, role)] ?? null
}

/** The full address to share, on this site. */
export function absoluteLink(path: string): string {
  return new URL(path, window.location.origin).href
}
