// Lines up what the three people's screens showed at each instant of true time, per session (one
// session per way of reading the clock), and measures how far apart they were.
import { summarize } from '../stats.ts'
import type { LatencySummary } from '../stats.ts'
import { ESTIMATORS } from './huddleClient.ts'
import type { Estimator, HuddleClientReport } from './huddleClient.ts'

export interface EstimatorFigures {
  estimator: Estimator
  /** Instants from the start of the huddle to 1 s after the last client showed time left. */
  instants: number
  /** Instants when the clients did not yet all hold the same clock fields (an action was on its way). */
  inTransit: number
  /** Of the others, instants when the clients showed different phases (near an automatic move on). */
  phaseMismatch: number
  /** max − min of the remaining ms across the three, on settled instants showing one phase. */
  remainingDiffMs: LatencySummary
  /** The same over every settled instant (phase mismatches too), and over every instant. */
  remainingDiffMaxSettledMs: number
  remainingDiffMaxAllMs: number
  /** max − min of the displayed whole seconds (ceil), settled instants showing one phase. */
  secondsDiffMax: number
  /** Settled instants when the displayed seconds differed (a phase mismatch counts). */
  secondsDiffer: number
  settled: number
  /** max − min of the three clients' clock errors (displayNow − true time), every instant. */
  clockSpreadMs: LatencySummary
  /** Each client's clock error at the last instant, therapist, partner A, partner B. */
  finalClockErrorMs: number[]
}

const seconds = (remainingMs: number): number => Math.max(0, Math.ceil(remainingMs / 1000))
const spread = (values: number[]): number => Math.max(...values) - Math.min(...values)

export function analyze(reports: HuddleClientReport[], startedAt: number): EstimatorFigures[] {
  // Instants every client recorded (a blocked event loop can skip one).
  const indexes = reports.map((report) => new Map(report.at.map((at, i) => [at, i])))
  const common = (reports[0]?.at ?? []).filter((at) => at >= startedAt && indexes.every((map) => map.has(at)))
  return ESTIMATORS.map((estimator, s) => {
    const traceAt = (at: number) =>
      reports.map((report, r) => ({ trace: report.traces[s], i: indexes[r]?.get(at) ?? -1 }))
    const column = (at: number, key: 'remainingMs' | 'phase' | 'clockErrorMs'): number[] =>
      traceAt(at).map(({ trace, i }) => trace?.[key][i] ?? Number.NaN)
    const states = (at: number): Set<string | undefined> =>
      new Set(traceAt(at).map(({ trace, i }) => trace?.state[i]))
    const lastShowingTime = common.findLast((at) => column(at, 'remainingMs').some((ms) => ms > 0))
    const instants = common.filter((at) => lastShowingTime !== undefined && at <= lastShowingTime + 1_000)
    const diffs: number[] = []
    const spreads: number[] = []
    let inTransit = 0
    let phaseMismatch = 0
    let secondsDiffMax = 0
    let secondsDiffer = 0
    let remainingDiffMaxSettledMs = 0
    let remainingDiffMaxAllMs = 0
    for (const at of instants) {
      const remaining = column(at, 'remainingMs')
      const diff = spread(remaining)
      spreads.push(spread(column(at, 'clockErrorMs')))
      remainingDiffMaxAllMs = Math.max(remainingDiffMaxAllMs, diff)
      if (states(at).size > 1) {
        inTransit++
        continue
      }
      remainingDiffMaxSettledMs = Math.max(remainingDiffMaxSettledMs, diff)
      const shown = remaining.map(seconds)
      if (spread(shown) > 0) secondsDiffer++
      if (new Set(column(at, 'phase')).size > 1) {
        phaseMismatch++
        continue
      }
      diffs.push(diff)
      secondsDiffMax = Math.max(secondsDiffMax, spread(shown))
    }
    const last = instants.at(-1)
    return {
      estimator,
      instants: instants.length,
      inTransit,
      phaseMismatch,
      remainingDiffMs: summarize(diffs),
      remainingDiffMaxSettledMs,
      remainingDiffMaxAllMs,
      secondsDiffMax,
      secondsDiffer,
      settled: instants.length - inTransit,
      clockSpreadMs: summarize(spreads),
      finalClockErrorMs: last === undefined ? [] : column(last, 'clockErrorMs'),
    }
  })
}
