import { flushSync } from 'react-dom'

/** Set from a quick hide until the partner signs in again; this device then asks for the passkey. */
const HIDDEN_KEY = 'session-board:hidden'
/** HIDDEN_KEY's value once the server has signed the device out; before that, when it was hidden. */
const LOCKED = 'locked'
/** The plan as this phone last saw it, so a partner can log while offline. */
export const OUTLINE_KEY = 'session-board:log-outline'
export const NEUTRAL_TITLE = 'Shopping list'

let shown = false
const listeners = new Set<() => void>()

function showNeutralPage(): void {
  document.title = NEUTRAL_TITLE
  flushSync(() => {
    shown = true
    for (const listener of listeners) listener()
  })
}

/** For useSyncExternalStore: whether the neutral page covers the app. */
export function subscribeHidden(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
export const isHidden = () => shown

/** Whether a quick hide is still in force on this device (until the partner signs in again). */
export function wasHidden(): boolean {
  return localStorage.getItem(HIDDEN_KEY) !== null
}

/** After a sign-in (the passkey, or the personal link): the plan may show again. */
export function endHide(): void {
  localStorage.removeItem(HIDDEN_KEY)
}

/**
 * True while a quick hide is in force on this device, and then the page asks for the passkey instead
 * of showing the plan. If the lock has not reached the server yet (the phone was offline when it was
 * hidden), it is sent again first.
 */
export async function hiddenUntilSignIn(): Promise<boolean> {
  if (!wasHidden()) return false
  if (localStorage.getItem(HIDDEN_KEY) !== LOCKED) await lockDevice().catch(() => undefined)
  return true
}

/**
 * Signs this device out, and notes on the device once the server has it: 204, or 401 for a device
 * already signed out. keepalive: the request outlives the page if the partner closes it at once.
 */
export async function lockDevice(): Promise<void> {
  const answer = await fetch('/api/me/lock', { method: 'POST', keepalive: true, credentials: 'same-origin' })
  if ((answer.status === 204 || answer.status === 401) && wasHidden())
    localStorage.setItem(HIDDEN_KEY, LOCKED)
}

/**
 * Empties the service worker's caches (the app's own files); the worker stays registered and fills
 * them again on the next visit, so the app stays installed.
 */
export async function clearAppCaches(): Promise<void> {
  if (!('caches' in window)) return
  const names = await caches.keys()
  await Promise.all(names.map((name) => caches.delete(name)))
}

/**
 * Quick hide: the screen becomes a plain shopping list at once, Back does not return to the plan, and
 * then the device is signed out and the app's caches emptied. Entries waiting to be sent stay.
 */
export function hideNow(): void {
  showNeutralPage()
  history.replaceState(null, '', '/')
  localStorage.setItem(HIDDEN_KEY, new Date().toISOString())
  localStorage.removeItem(OUTLINE_KEY)
  // Offline the lock fails: the partner's pages send it again when they next open (hiddenUntilSignIn).
  void lockDevice().catch(() => undefined)
  void clearAppCaches().catch(() => undefined)
}

/** A page restored from the back-forward cache after a quick hide shows the shopping list again. */
export function coverRestoredPage(event: PageTransitionEvent): void {
  if (event.persisted && wasHidden()) showNeutralPage()
}
