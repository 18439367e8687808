// The couple of the progress part, set up as the web app does it: the therapist adds the couple, starts
// its session (the review board, the baseline), chooses ten menu metrics into the couple's plan through
// a y-websocket client on the couple's document, and the partners each log 16 weeks of daily entries
// from their own browsers (POST /api/couples/:id/entries, batches of up to 100, as an offline phone
// sends them). Partner A writes the session's review cards. Seeded: the same entries on every run.
import { randomUUID } from 'node:crypto'
import type { Metric, PartnerRole, ProgressEntry } from '@session-board/board'
import {
  DIAL_METRICS,
  METRIC_DOMAINS,
  METRIC_MENU,
  addCard,
  addDays,
  chooseMetric,
  dayAt,
  showPart,
} from '@session-board/board'
import { connectClient, whenSynced } from '../canvas/client.ts'
import type { SyncClient } from '../canvas/client.ts'
import { Clinic } from '../program/people.ts'
import type { Couple } from '../program/people.ts'
import { postAs } from '../setup.ts'

export const WEEKS = 16
const BATCH = 100
/** Ten of the menu's metrics that a partner logs (each or either), so both partners log all ten. */
const CHOSEN = [
  'safety:de-escalation',
  'safety:close-calls',
  'sobriety:trigger-plan',
  'sobriety:sober-day',
  'sobriety:cravings',
  'communication:repair',
  'communication:heated-conflicts',
  'communication:check-ins',
  'routines:rituals',
  'joy:appreciations',
]
const CARDS = [
  ['keep', 'Our Sunday walk'],
  ['keep', 'Naming the feeling before the fix'],
  ['keep', 'The time-out word'],
  ['keep', 'Texting a thank-you'],
  ['stop', 'Talking money after 9 pm'],
  ['stop', 'Checking phones at dinner'],
  ['stop', 'Bringing up old fights'],
  ['start', 'A ten-minute check-in'],
  ['start', 'One appreciation a day'],
  ['start', 'Asking before advising'],
  ['start', 'A screen-free evening'],
  ['start', 'Writing the week’s plan'],
] as const

export interface ProgressCouple {
  clinic: Clinic
  couple: Couple
  sessionId: string
  /** The ten chosen metrics and the three dials, as the plan holds them. */
  metrics: Metric[]
  cardIds: string[]
  /** The therapist's live copy of the couple's plan (as the progress page holds it). */
  plan: SyncClient
  today: string
  entries: number
  flags: number
  close(): void
}

/** A small seeded generator (mulberry32), so every run logs the same figures. */
function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A day's value for a metric: mostly near the target, with bad days; dials dip into yellow and red now and then. */
function valueFor(metric: Metric, random: () => number): number {
  const r = random()
  switch (metric.kind) {
    case 'yesNo':
      return r < 0.8 ? 1 : 0
    case 'rating':
      if (Object.values(DIAL_METRICS).some((dial) => dial.id === metric.id))
        return r < 0.01 ? 3 : r < 0.06 ? 5 : 7 + Math.floor(random() * 4)
      return Math.floor(r * 11)
    case 'minutes':
      return Math.floor(r * 60)
    case 'count':
      return r < 0.6 ? 0 : 1 + Math.floor(random() * 3)
  }
}

export const entryAt = (
  metric: Metric,
  partner: PartnerRole,
  day: string,
  value: number,
  loggedAt: number,
): ProgressEntry => ({
  id: randomUUID(),
  metricId: metric.id,
  partner,
  day,
  loggedAt,
  utcOffsetMinutes: 0,
  value,
  privacy: metric.defaultPrivacy,
})

/** A partner's phone sends entries: the flags raised, or the server's refusal. */
export async function sendEntries(
  clinic: Clinic,
  couple: Couple,
  partner: PartnerRole,
  entries: ProgressEntry[],
): Promise<{ entries: { id: string; status: string; flag?: { id: string } }[] }> {
  return postAs(clinic.base, couple.partners[partner].browser, `/api/couples/${couple.id}/entries`, {
    entries,
  })
}

export async function setUpProgressCouple(
  httpBase: string,
  wsBase: string,
  log: (line: string) => void,
): Promise<ProgressCouple> {
  const clinic = new Clinic(httpBase)
  await clinic.signUp()
  const couple = await clinic.addCouple()
  const sessionId = await clinic.startSession(couple)
  const clients: SyncClient[] = []
  const close = () => clients.forEach((client) => client.destroy())
  try {
    // The partners accept their couple's links (through a session token, as the program part does).
    const partnerA = connectClient(wsBase, sessionId, await couple.partners.partnerA.token(sessionId))
    clients.push(partnerA)
    await couple.partners.partnerB.token(sessionId)

    const coupleToken = await postAs<{ token: string }>(
      clinic.base,
      clinic.therapist,
      `/api/couples/${couple.id}/connect-token`,
      { target: 'board' },
    )
    const plan = connectClient(wsBase, couple.id, coupleToken.token)
    clients.push(plan)
    await whenSynced(plan, 30_000)
    const menu = METRIC_DOMAINS.flatMap((domain) => METRIC_MENU[domain])
    const metrics = [
      ...CHOSEN.map((id) => {
        const metric = menu.find((candidate) => candidate.id === id)
        if (!metric) throw new Error(`set-up: no metric ${id} on the menu`)
        return metric
      }),
      ...Object.values(DIAL_METRICS),
    ].map((metric) =>
      metric.flags
        ? { ...metric, flags: { ...metric.flags, responses: { red: 'We take a time-out.' } } }
        : metric,
    )
    for (const metric of metrics) {
      const { problem } = chooseMetric(plan.doc, metric)
      if (problem) throw new Error(`set-up: ${metric.id}: ${problem.reason}`)
    }

    // The therapist's board client opens the review part, so the baseline page opens on it.
    const therapist = connectClient(wsBase, sessionId, await clinic.therapistToken(sessionId))
    clients.push(therapist)
    await Promise.all([whenSynced(partnerA, 30_000), whenSynced(therapist, 30_000)])
    showPart(therapist.doc, { part: 'review', step: '' })
    const cardIds = CARDS.map(([column, text]) => addCard(partnerA.doc, { column, text }))
    // The server has the plan's metrics before the first entry is checked against them.
    await new Promise((resolve) => setTimeout(resolve, 500))

    const today = dayAt(Date.now(), 0)
    const first = addDays(today, -(WEEKS * 7 - 1))
    const random = seeded(15)
    let entries = 0
    let flags = 0
    for (const partner of ['partnerA', 'partnerB'] as const) {
      const all: ProgressEntry[] = []
      for (let day = first; day <= today; day = addDays(day, 1)) {
        const loggedAt = Math.min(Date.parse(`${day}T20:00:00Z`), Date.now())
        for (const metric of metrics)
          all.push(entryAt(metric, partner, day, valueFor(metric, random), loggedAt))
      }
      for (let at = 0; at < all.length; at += BATCH) {
        const answer = await sendEntries(clinic, couple, partner, all.slice(at, at + BATCH))
        entries += answer.entries.filter((entry) => entry.status === 'stored').length
        flags += answer.entries.filter((entry) => entry.flag).length
      }
    }
    log(`  ${entries} entries stored over ${WEEKS} weeks (${flags} flags), ${cardIds.length} review cards`)
    therapist.destroy()
    return { clinic, couple, sessionId, metrics, cardIds, plan, today, entries, flags, close }
  } catch (error) {
    close()
    throw error
  }
}
