import { api } from '../../lib/api.ts'

type Partner = 'partnerA' | 'partnerB'

/**
 * The summary as the server sends it (apps/server/src/summary/sessionSummary.ts). Kept by hand in step
 * with the server's type: the web app does not import the server.
 */
export type SessionReport = {
  title: string
  date: number
  dateIso: string
  status: 'open' | 'ended'
  partnerNames: Record<Partner, string>
  attendees: { role: 'therapist' | Partner | 'observer'; name: string; joined: boolean }[]
  goals: {
    title: string
    nonNegotiable: boolean
    agreed: boolean
    waitingFor: string[]
    reviewDate: string
    missing: string[]
  }[]
  review: Record<'keep' | 'stop' | 'start', string[]>
  experiment: { condition: string; action: string; who: string; reviewDate: string | null } | null
  grid: {
    criteria: string[]
    rows: { proposal: string; scores: Record<Partner, number | null>[]; total: Record<Partner, number> }[]
  } | null
  appreciations: { from: string; to: string; text: string }[]
  huddle: {
    startedAt: number
    endedAt: number
    phases: { title: string; plannedMs: number; actualMs: number }[]
  } | null
  nextReview: string | null
}

const summaryPath = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/summary`

export function fetchSummary(sessionId: string): Promise<SessionReport> {
  return api<SessionReport>('GET', summaryPath(sessionId), null, { therapistCall: true })
}

/** Downloads are plain links: the browser sends the login cookie and saves the file; the server records it. */
export function summaryPdfUrl(sessionId: string): string {
  return `${summaryPath(sessionId)}.pdf`
}

export function summaryMarkdownUrl(sessionId: string): string {
  return `${summaryPath(sessionId)}.md`
}
