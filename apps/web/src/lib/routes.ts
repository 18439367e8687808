import { coupleIdSchema, sessionIdSchema } from '@session-board/protocol'

/** The app's pages. Every link is a normal page load, so the path is read once, directly. */
export type Route =
  | { page: 'start' }
  | { page: 'sign-up' }
  | { page: 'sign-in' }
  | { page: 'dashboard' }
  | { page: 'join' }
  | { page: 'plan' }
  | { page: 'log' }
  | { page: 'plan-progress' }
  | { page: 'couple-progress'; coupleId: string }
  | { page: 'monthly-review'; coupleId: string; month: string }
  | { page: 'couple'; coupleId: string }
  | { page: 'board'; sessionId: string }
  | { page: 'audit'; sessionId: string }
  | { page: 'not-found'; reason: string }

/** Top-level pages, each at `/<page>`; the server answers every page load with the app's index.html. */
export const STATIC_PAGES = ['sign-up', 'sign-in', 'dashboard', 'join', 'plan', 'log'] as const

/** A partner's own start page between sessions: their couple's plan, from their signed-in device. */
export const PLAN_PATH = '/plan'

/** A partner logs today's progress, from their phone. */
export const LOG_PATH = '/log'

/** A partner's view of their couple's progress. */
export const PLAN_PROGRESS_PATH = '/plan/progress'

/** The therapist's caseload. */
export const CASELOAD_PATH = '/dashboard'

export function boardPath(sessionId: string): string {
  return `/s/${encodeURIComponent(sessionId)}`
}

export function auditPath(sessionId: string): string {
  return `/s/${encodeURIComponent(sessionId)}/audit`
}

export function couplePath(coupleId: string): string {
  return `/couples/${encodeURIComponent(coupleId)}`
}

export function coupleProgressPath(coupleId: string): string {
  return `${couplePath(coupleId)}/progress`
}

/** A month's review of the couple's plan; `month` is YYYY-MM. */
export function monthlyReviewPath(coupleId: string, month: string): string {
  return `${couplePath(coupleId)}/review/${month}`
}

export function readRoute(path: string): Route {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path
  const session = /^\/s\/([^/]+)(\/audit)?$/.exec(trimmed)
  if (session) {
    const sessionId = decodeURIComponent(session[1] ?? '')
    if (!sessionIdSchema.safeParse(sessionId).success) {
      return { page: 'not-found', reason: 'This session link is not complete or has a typing error.' }
    }
    return session[2] ? { page: 'audit', sessionId } : { page: 'board', sessionId }
  }
  const couple = /^\/couples\/([^/]+)(\/progress|\/review\/([^/]+))?$/.exec(trimmed)
  if (couple) {
    const coupleId = decodeURIComponent(couple[1] ?? '')
    if (!coupleIdSchema.safeParse(coupleId).success) {
      return { page: 'not-found', reason: 'This couple’s address is not complete or has a typing error.' }
    }
    if (couple[2] === '/progress') return { page: 'couple-progress', coupleId }
    const month = couple[3]
    if (month === undefined) return { page: 'couple', coupleId }
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
      return { page: 'not-found', reason: 'A monthly review’s address ends in a month, such as 2026-03.' }
    }
    return { page: 'monthly-review', coupleId, month }
  }
  if (trimmed === PLAN_PROGRESS_PATH) return { page: 'plan-progress' }
  if (trimmed === '/' || trimmed === '/index.html') return { page: 'start' }
  const name = trimmed.slice(1)
  if ((STATIC_PAGES as readonly string[]).includes(name))
    return { page: name as (typeof STATIC_PAGES)[number] }
  return { page: 'not-found', reason: 'There is no page at this address.' }
}
