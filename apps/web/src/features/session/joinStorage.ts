import { roleSchema } from '@session-board/protocol'
import type { Role } from '@session-board/protocol'

export interface JoinDetails {
  name: string
  role: Role
}

// sessionStorage: kept across reloads of this tab, gone when the tab closes.
const keyFor = (sessionId: string) => `session-board:join:${sessionId}`

export function loadJoinDetails(sessionId: string): JoinDetails | null {
  try {
    const raw = sessionStorage.getItem(keyFor(sessionId))
    if (!raw) return null
    const value = JSON.parse(raw) as Partial<JoinDetails>
    const role = roleSchema.safeParse(value.role)
    const name = typeof value.name === 'string' ? value.name.trim() : ''
    return role.success && name ? { name, role: role.data } : null
  } catch {
    return null
  }
}

export function saveJoinDetails(sessionId: string, details: JoinDetails): void {
  try {
    sessionStorage.setItem(keyFor(sessionId), JSON.stringify(details))
  } catch {
    // Storage can be unavailable (private mode); the person is simply asked again after a reload.
  }
}

export function forgetJoinDetails(sessionId: string): void {
  try {
    sessionStorage.removeItem(keyFor(sessionId))
  } catch {
    // nothing stored, nothing to forget
  }
}
