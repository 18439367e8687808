import { randomUUID } from 'node:crypto'
import type { Metric, ProgressEntry } from '@session-board/board'
import { DIAL_METRICS, METRIC_DOMAINS, METRIC_MENU, chooseMetric } from '@session-board/board'
import type { RunningServer } from '../../src/server.ts'
import type { Browser, Room } from '../access/people.ts'
import { couplesApi } from '../couples/couple.ts'

const metrics = [...METRIC_DOMAINS.flatMap((domain) => METRIC_MENU[domain]), ...Object.values(DIAL_METRICS)]

/** A metric of the menu, or a dial, by its id. */
export function menuMetric(id: string): Metric {
  const metric = metrics.find((candidate) => candidate.id === id)
  if (!metric) throw new Error(`no metric ${id} on the menu`)
  return metric
}

/** The therapist chose these metrics into the couple's plan, with the couple (written as the server). */
export async function choosePlanMetrics(server: RunningServer, coupleId: string, chosen: Metric[]) {
  await server.access.registry.write(coupleId, (doc) => {
    for (const metric of chosen) {
      const { problem } = chooseMetric(doc, metric)
      if (problem) throw new Error(problem.reason)
    }
  })
}

/** The day the partners log on in these tests: Tuesday 10 March 2026, evening in Berlin. */
const DAY = '2026-03-10'

/** An entry as partner A's phone makes it, with the metric's default privacy unless told otherwise. */
export function entryFor(
  metricId: string,
  value: number,
  changes: Partial<ProgressEntry> = {},
): ProgressEntry {
  const metric = metrics.find((candidate) => candidate.id === metricId)
  return {
    id: randomUUID(),
    metricId,
    partner: 'partnerA',
    day: DAY,
    loggedAt: Date.parse(`${DAY}T20:00:00Z`),
    utcOffsetMinutes: 60,
    value,
    privacy: metric?.defaultPrivacy ?? 'shared',
    ...changes,
  }
}

/** The couple of a room, by its id (the room's session belongs to it). */
export async function coupleOf(room: Room): Promise<string> {
  const [couple] = (await couplesApi(room.therapist.browser).caseload()).couples
  if (!couple) throw new Error('no couple')
  return couple.id
}

/** The phone's calls, as it makes them when it is back online. */
export const progressApi = (browser: Browser, coupleId: string) => ({
  log: (entries: unknown[]) => browser.request('POST', `/api/couples/${coupleId}/entries`, { entries }),
  /** A body as it is, JSON or not, with the browser's cookies and origin. */
  send: (text: string) =>
    fetch(`${browser.base}/api/couples/${coupleId}/entries`, {
      method: 'POST',
      headers: {
        origin: browser.origin,
        'content-type': 'application/json',
        cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      },
      body: text,
    }),
  read: (from = '2026-03-01', to = '2026-03-31') =>
    browser.request('GET', `/api/couples/${coupleId}/entries?from=${from}&to=${to}`),
  /** The entries this browser may see this month. */
  async entries(): Promise<ProgressEntry[]> {
    const answer = await this.read()
    if (!answer.ok) throw new Error(`GET entries answered ${answer.status}`)
    return ((await answer.json()) as { entries: ProgressEntry[] }).entries
  },
})

/** The ids, sorted, to compare what someone sees with what was logged. */
export const idsOf = (entries: readonly { id: string }[]) => entries.map((entry) => entry.id).sort()
