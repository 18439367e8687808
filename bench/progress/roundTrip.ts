// Figure 4: from "save" on a partner's phone to the therapist's open page. Partner B's browser POSTs
// one red Safety entry (as the phone sends it: a batch of one, its cookie and origin); the therapist's
// open alert stream (GET /api/alerts, Server-Sent Events, read here as the page's EventSource reads
// it) receives the flag. The baseline: partner A's y-websocket client edits a review card's text
// (`updateCardText`) and the therapist's y-websocket client on the same session holds the new text.
// Both ends live in this process, so one clock times them. Sends are one at a time, 50–100 ms apart.
import { DIAL_METRICS, selectColumns, updateCardText } from '@session-board/board'
import { connectClient, whenSynced } from '../canvas/client.ts'
import { OtherLoad } from '../program/otherLoad.ts'
import { percentile } from '../stats.ts'
import type { ProgressCouple } from './couple.ts'
import { entryAt, sendEntries } from './couple.ts'

export interface RoundTripRow {
  name: string
  sent: number
  arrived: number
  p50: number
  p99: number
  max: number
  otherCores: number
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 50))
const waitMs = 10_000

function row(name: string, sent: number, samples: number[], load: OtherLoad): RoundTripRow {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    name,
    sent,
    arrived: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    otherCores: load.cores,
  }
}

/** The therapist's alert stream: calls `onFlag(entryId)` for each `event: flag`. */
async function openAlerts(
  setUp: ProgressCouple,
  onFlag: (entryId: string) => void,
): Promise<AbortController> {
  const closed = new AbortController()
  const response = await fetch(`${setUp.clinic.base}/api/alerts`, {
    headers: {
      accept: 'text/event-stream',
      cookie: [...setUp.clinic.therapist.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    },
    signal: closed.signal,
  })
  if (!response.ok || !response.body) throw new Error(`GET /api/alerts answered ${response.status}`)
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  void (async () => {
    let buffer = ''
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        buffer += value
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const lines = message.split('\n')
          if (!lines.includes('event: flag')) continue
          const data =
            lines
              .find((line) => line.startsWith('data:'))
              ?.slice(5)
              .trim() ?? '{}'
          const alert = JSON.parse(data) as { flag?: { entryId?: string } }
          if (alert.flag?.entryId) onFlag(alert.flag.entryId)
        }
      }
    } catch {
      // Aborted at the end of the round.
    }
  })()
  return closed
}

export async function measureRoundTrips(
  setUp: ProgressCouple,
  wsBase: string,
  serverPid: number,
  sends: number,
): Promise<RoundTripRow[]> {
  const { clinic, couple, sessionId } = setUp

  const arrivals = new Map<string, (at: number) => void>()
  const alerts = await openAlerts(setUp, (entryId) => arrivals.get(entryId)?.(performance.now()))
  const flagLoad = new OtherLoad(() => [serverPid])
  const flagTimes: number[] = []
  try {
    for (let i = -3; i < sends; i++) {
      const entry = entryAt(DIAL_METRICS.safety, 'partnerB', setUp.today, 2, Date.now())
      const arrived = new Promise<number>((resolve) => arrivals.set(entry.id, resolve))
      if (i >= 0) flagLoad.start()
      const saved = performance.now()
      const answer = await sendEntries(clinic, couple, 'partnerB', [entry])
      if (!answer.entries[0]?.flag) throw new Error('a red Safety entry raised no flag')
      const at = await Promise.race([arrived, new Promise<null>((r) => setTimeout(() => r(null), waitMs))])
      if (i >= 0) flagLoad.stop()
      arrivals.delete(entry.id)
      if (i >= 0 && at !== null) flagTimes.push(at - saved)
      await pause()
    }
  } finally {
    alerts.abort()
  }

  const therapist = connectClient(wsBase, sessionId, await clinic.therapistToken(sessionId))
  const partner = connectClient(wsBase, sessionId, await couple.partners.partnerA.token(sessionId))
  const cardLoad = new OtherLoad(() => [serverPid])
  const cardTimes: number[] = []
  try {
    await Promise.all([whenSynced(therapist, 30_000), whenSynced(partner, 30_000)])
    const cardId = setUp.cardIds[0]
    if (!cardId) throw new Error('no review card to edit')
    let waiting: { text: string; resolve: (at: number) => void } | null = null
    therapist.doc.on('update', () => {
      if (!waiting) return
      const card = Object.values(selectColumns(therapist.doc))
        .flat()
        .find((one) => one.id === cardId)
      if (card?.text === waiting.text) waiting.resolve(performance.now())
    })
    for (let i = -3; i < sends; i++) {
      const text = `Our Sunday walk (${i + 3})`
      const arrived = new Promise<number>((resolve) => (waiting = { text, resolve }))
      if (i >= 0) cardLoad.start()
      const saved = performance.now()
      updateCardText(partner.doc, cardId, text)
      const at = await Promise.race([arrived, new Promise<null>((r) => setTimeout(() => r(null), waitMs))])
      if (i >= 0) cardLoad.stop()
      waiting = null
      if (i >= 0 && at !== null) cardTimes.push(at - saved)
      await pause()
    }
  } finally {
    therapist.destroy()
    partner.destroy()
  }
  return [
    row('red Safety entry → therapist’s alert stream', sends, flagTimes, flagLoad),
    row('review card edit → therapist’s board (baseline)', sends, cardTimes, cardLoad),
  ]
}
