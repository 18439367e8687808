// Figure 1: the time to build each page's data, over HTTP as the pages ask for it, then computed here
// with the shared progress module as the pages compute it (in this process, one clock). The progress
// view: the therapist's 16 weeks of entries and flags (with the two weeks before, for the first
// averages), then rollingAverage and weeklyFigures for every metric and dial, for the couple and for
// each partner. The monthly review: last month's entries and flags as the review page asks for them,
// then monthlyReview() for that month and the one before (the page tells what changed). The baseline:
// the review board's data as the server builds it, GET /api/sessions/:id/summary (the session's goals,
// stepping stones and review cards). Runs alternate, one at a time; the server's CPU is read around each.
import type { FlagRecord, Metric, ProgressEntry } from '@session-board/board'
import {
  addDays,
  monthBefore,
  monthDays,
  reviewEntryRange,
  reviewOfMonth,
  rollingAverage,
  selectBoard,
  weeklyFigures,
} from '@session-board/board'
import * as Y from 'yjs'
import { connectClient, whenSynced } from '../canvas/client.ts'
import { cpuSeconds } from '../servers.ts'
import { percentile } from '../stats.ts'
import { OtherLoad } from '../program/otherLoad.ts'
import type { ProgressCouple } from './couple.ts'
import { WEEKS } from './couple.ts'

export type ComputeName = 'progress view' | 'monthly review' | 'review board (baseline)'

export interface ComputeRow {
  name: ComputeName
  /** Request(s) sent to the answer parsed. */
  fetch: { p50: number; p90: number }
  /** The shared module's work in this process (0 for the baseline: the server's answer is the data). */
  compute: { p50: number; p90: number }
  total: { p50: number; p90: number }
  /** The server's CPU per run (utime + stime, 10 ms ticks averaged over the runs). */
  serverCpuMs: number
  bytes: number
  otherCores: number
}

interface Sample {
  fetchMs: number
  computeMs: number
  serverCpuS: number
  bytes: number
}

async function getJson<T>(
  base: string,
  cookies: Map<string, string>,
  path: string,
): Promise<{ body: T; bytes: number }> {
  const response = await fetch(`${base}${path}`, {
    headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 200)}`)
  return { body: JSON.parse(text) as T, bytes: text.length }
}

export async function measureCompute(
  wsBase: string,
  setUp: ProgressCouple,
  serverPid: number,
  runs: number,
): Promise<ComputeRow[]> {
  const { clinic, couple, sessionId, metrics, today } = setUp
  const cookies = clinic.therapist.cookies
  const get = <T>(path: string) => getJson<T>(clinic.base, cookies, path)
  const figures = async (from: string, to: string) => {
    const [entries, flags] = await Promise.all([
      get<{ entries: ProgressEntry[] }>(`/api/couples/${couple.id}/entries?from=${from}&to=${to}`),
      get<{ flags: FlagRecord[] }>(`/api/couples/${couple.id}/flags?from=${from}&to=${to}`),
    ])
    return { entries: entries.body.entries, flags: flags.body.flags, bytes: entries.bytes + flags.bytes }
  }
  // The last whole month: a review of a month that is over, as the therapist reads it at the start of the next.
  const month = monthBefore(today.slice(0, 7))

  const progressView = async (): Promise<Sample> => {
    const from = addDays(today, -(WEEKS * 7 - 1))
    const fetched = performance.now()
    const { entries, bytes } = await figures(addDays(from, -13), today)
    const computed = performance.now()
    let points = 0
    for (const metric of metrics as Metric[])
      for (const partner of [undefined, 'partnerA', 'partnerB'] as const) {
        const range = { from, to: today, ...(partner ? { partner } : {}) }
        points += rollingAverage(entries, metric, range).length + weeklyFigures(entries, metric, range).length
      }
    if (points === 0) throw new Error('the progress view computed no figures')
    return { fetchMs: computed - fetched, computeMs: performance.now() - computed, serverCpuS: 0, bytes }
  }

  const review = async (): Promise<Sample> => {
    const fetched = performance.now()
    const { entries, flags, bytes } = await figures(
      reviewEntryRange(monthBefore(month)).from,
      monthDays(month).last,
    )
    const computed = performance.now()
    // The program start the couple was added with (bench/program/people.ts); the month is over.
    const result = reviewOfMonth(
      selectBoard(setUp.plan.doc),
      { entries, flags },
      {
        month,
        today: monthDays(month).last,
        programStart: '2026-01-05',
        utcOffsetMinutes: 0,
      },
    )
    if (result.metrics.length === 0) throw new Error('the monthly review held no metric')
    return { fetchMs: computed - fetched, computeMs: performance.now() - computed, serverCpuS: 0, bytes }
  }

  // What the review board page receives: the session's board, synced by an unmodified y-websocket
  // client from an empty document with a fresh connect token, as a page opening it does.
  const reviewBoard = async (): Promise<Sample> => {
    const fetched = performance.now()
    const client = connectClient(wsBase, sessionId, await clinic.therapistToken(sessionId))
    try {
      await whenSynced(client, 30_000)
      const bytes = Y.encodeStateAsUpdate(client.doc).byteLength
      return { fetchMs: performance.now() - fetched, computeMs: 0, serverCpuS: 0, bytes }
    } finally {
      client.destroy()
    }
  }

  const kinds: [ComputeName, () => Promise<Sample>][] = [
    ['progress view', progressView],
    ['monthly review', review],
    ['review board (baseline)', reviewBoard],
  ]
  const samples = new Map<ComputeName, Sample[]>(kinds.map(([name]) => [name, []]))
  const loads = new Map<ComputeName, OtherLoad>(
    kinds.map(([name]) => [name, new OtherLoad(() => [serverPid])]),
  )
  // Two warm-up rounds (the server's first reads load the couple's plan), then the runs, rotating.
  for (let round = -2; round < runs; round++) {
    for (let k = 0; k < kinds.length; k++) {
      const [name, run] = kinds[(round + 3 + k) % kinds.length]!
      const load = loads.get(name)!
      const cpuBefore = cpuSeconds(serverPid)
      if (round >= 0) load.start()
      const sample = await run()
      if (round >= 0) load.stop()
      sample.serverCpuS = cpuSeconds(serverPid) - cpuBefore
      if (round >= 0) samples.get(name)!.push(sample)
    }
  }
  const spread = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b)
    return { p50: percentile(sorted, 50), p90: percentile(sorted, 90) }
  }
  return kinds.map(([name]) => {
    const of = samples.get(name)!
    return {
      name,
      fetch: spread(of.map((s) => s.fetchMs)),
      compute: spread(of.map((s) => s.computeMs)),
      total: spread(of.map((s) => s.fetchMs + s.computeMs)),
      serverCpuMs: (of.reduce((sum, s) => sum + s.serverCpuS, 0) / of.length) * 1_000,
      bytes: of[0]?.bytes ?? 0,
      otherCores: loads.get(name)!.cores,
    }
  })
}
