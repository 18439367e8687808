// Turns scenario results into the printed table, the ratios against the reference servers and the
// pass/fail lines for the issue's targets.
import type { ScenarioResult } from './scenario.ts'

/** "Back near baseline": at most this share of the growth from baseline to peak is still held. */
export const maxRetainedShare = 0.25

const fixed = (value: number, digits: number): string =>
  Number.isFinite(value) ? value.toFixed(digits) : '–'
const pct = (part: number, whole: number): string =>
  whole > 0 ? `${((part / whole) * 100).toFixed(2)}%` : '–'

/**
 * The share of the run's RSS growth (peak − baseline) still held after leave and a forced GC, by RSS
 * and by live V8 heap. RSS rarely falls back even when everything was freed (V8 and malloc keep their
 * pages), so the heap says whether the server still holds the documents.
 */
export function retained(r: ScenarioResult): { rss: number; heap: number } {
  const growth = r.rssMiB.hwm - r.rssMiB.baseline
  if (!(growth > 0)) return { rss: NaN, heap: NaN }
  return {
    rss: (r.rssMiB.afterGc - r.rssMiB.baseline) / growth,
    heap: (r.heapMiB.afterLeave - r.heapMiB.baseline) / growth,
  }
}

/** Connections and updates the server refused (44xx closes, type-4 messages): must be 0. */
export const refusals = (r: ScenarioResult): number => r.refusedCloses + r.refusalMessages

export function allDelivered(r: ScenarioResult): boolean {
  return (
    r.error === null &&
    r.expected > 0 &&
    r.covered === r.expected &&
    r.peersCaughtUp === r.pairs &&
    refusals(r) === 0
  )
}

export function table(results: ScenarioResult[]): string {
  const header = [
    'server',
    'N',
    'clients',
    'p50 ms',
    'p99 ms',
    'CPU µs/edit',
    'to idle',
    'srv CPU',
    'peak RSS MiB',
    'baseline MiB',
    'after leave MiB',
    'after GC MiB',
    'heap base→after MiB',
    'edits',
    'delivered/expected',
    'seen individually',
    'final seq seen',
    'stored final',
    'drops',
    'refused',
    'other load',
  ]
  const rows = results.map((r) => [
    r.label,
    String(r.sessions),
    String(r.clients),
    fixed(r.latencyMs.p50, 2),
    fixed(r.latencyMs.p99, 2),
    fixed(r.cpuUsPerEdit, 1),
    fixed(r.cpuUsPerEditToIdle, 1),
    Number.isFinite(r.serverCpuShare) ? `${Math.round(r.serverCpuShare * 100)}%` : '–',
    fixed(r.rssMiB.hwm, 1),
    fixed(r.rssMiB.baseline, 1),
    fixed(r.rssMiB.afterLeave, 1),
    fixed(r.rssMiB.afterGc, 1),
    `${fixed(r.heapMiB.baseline, 1)}→${fixed(r.heapMiB.afterLeave, 1)}`,
    String(r.sent),
    `${r.covered}/${r.expected} (${pct(r.covered, r.expected)})`,
    pct(r.observed, r.expected),
    `${r.peersCaughtUp}/${r.pairs}`,
    !r.stored ? '–' : r.stored.error ? 'error' : `${r.stored.complete}/${r.stored.sessions}`,
    String(r.disconnects),
    String(refusals(r)),
    `${fixed(r.otherCores, 2)} cores`,
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)))
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a'
}

/**
 * [server, baseline, its target]: ours-secure ÷ ours is the cost of door + rules; ÷ ref-relay is what a
 * server adds to the floor (sockets, clients, machine).
 */
const pairs = [
  ['ours', 'ref-leveldb', 'half'],
  ['ours', 'ref-memory', null],
  ['ours-secure', 'ref-leveldb', 'half'],
  ['ours-secure', 'ref-memory', 'secure'],
  ['ours-secure', 'ours', null],
  ['ours', 'ref-relay', null],
  ['ours-secure', 'ref-relay', null],
  ['ref-memory', 'ref-relay', null],
] as const

type Target = (typeof pairs)[number][2]

/** half: p99 and CPU at most half the persistent reference's; secure: p99 ≤ 10 ms and CPU ≤ ref-memory's. */
function verdict(target: Target, ours: ScenarioResult, ref: ScenarioResult): string {
  const cpu = ours.cpuUsPerEdit / ref.cpuUsPerEdit
  if (target === 'half') {
    const p99 = ours.latencyMs.p99 / ref.latencyMs.p99
    return `  → target ≤ 0.50×: p99 ${pass(p99 <= 0.5)}, CPU ${pass(cpu <= 0.5)}`
  }
  if (target === 'secure') {
    return `  → target p99 ≤ 10 ms: ${pass(ours.latencyMs.p99 <= 10)}, CPU ≤ 1.00×: ${pass(cpu <= 1)}`
  }
  return ''
}

export function comparisons(results: ScenarioResult[]): string[] {
  const lines: string[] = []
  const find = (label: string, n: number): ScenarioResult | undefined =>
    results.find((r) => r.label === label && r.sessions === n && r.error === null)
  // Today's ours-secure against the same server from a baseline checkout (`--baseline <rev>`).
  const baselines = [
    ...new Set(results.map((r) => r.label).filter((label) => label.startsWith('ours-secure@'))),
  ]
  const allPairs = [...pairs, ...baselines.map((label) => ['ours-secure', label, null] as const)]
  for (const n of [...new Set(results.map((r) => r.sessions))]) {
    for (const [name, refName, target] of allPairs) {
      const ours = find(name, n)
      const ref = find(refName, n)
      if (!ours || !ref) continue
      const refused = [ours, ref].find((r) => refusals(r) > 0)
      if (refused) {
        lines.push(`N=${n}: ${name} ÷ ${refName}: not comparable, ${refused.label} refused clients`)
        continue
      }
      lines.push(
        `N=${n}: ${name} ÷ ${refName}: p99 ${ratio(ours.latencyMs.p99, ref.latencyMs.p99)}, ` +
          `p50 ${ratio(ours.latencyMs.p50, ref.latencyMs.p50)}, CPU/edit ${ratio(ours.cpuUsPerEdit, ref.cpuUsPerEdit)} ` +
          `(to idle ${ratio(ours.cpuUsPerEditToIdle, ref.cpuUsPerEditToIdle)}), ` +
          `peak RSS ${ratio(ours.rssMiB.hwm, ref.rssMiB.hwm)}${verdict(target, ours, ref)}`,
      )
    }
  }
  for (const r of results) lines.push(resultNotes(r))
  return lines
}

function resultNotes(r: ScenarioResult): string {
  const name = `${r.label} N=${r.sessions}`
  if (r.error !== null) return `${name}: FAILED: ${r.error}${r.serverExit ? ` (server ${r.serverExit})` : ''}`
  const held = retained(r)
  const share = (x: number): string => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : '–')
  const notes = [
    `every edit delivered ${pass(allDelivered(r))}`,
    `after leave and a forced GC, RSS holds ${share(held.rss)} of the run's growth ` +
      `(target ≤ ${maxRetainedShare * 100}%: ${pass(held.rss <= maxRetainedShare)}), the live heap ${share(held.heap)} ` +
      `(${pass(held.heap <= maxRetainedShare)})`,
  ]
  if (r.server === 'ours-secure' || refusals(r) > 0) {
    notes.push(
      `refused by the server: ${r.refusedCloses} closes 44xx, ${r.refusalMessages} refusal messages` +
        (r.refusalSample ? ` (first: ${r.refusalSample})` : ''),
    )
  }
  if (r.setUp) {
    notes.push(
      `REST set-up (not measured): ${r.setUp.requests} requests in ${r.setUp.ms} ms, ${r.setUp.limited} × 429`,
    )
  }
  if (r.healthAfterLeave) {
    const { documentsLoaded, connections } = r.healthAfterLeave
    notes.push(`/health after the watch: ${documentsLoaded} documents loaded, ${connections} connections`)
  }
  if (r.dataDirBytes) {
    const { atStart, afterEdits, atEnd } = r.dataDirBytes
    notes.push(
      `storage ${kib(atStart)} before, ${kib(afterEdits)} after the drain, ${kib(atEnd)} after leave`,
    )
  }
  if (r.stored) {
    notes.push(
      r.stored.error
        ? `stored state unreadable: ${r.stored.error}`
        : `stored state has every client's final edit in ${r.stored.complete}/${r.stored.sessions} sessions` +
            (r.stored.missingEdits ? ` (${r.stored.missingEdits} final edits missing)` : ''),
    )
  }
  const worst = r.worstLatencyBySecondMs
    .map((ms, second) => ({ ms, second }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3)
  if (worst.length) {
    notes.push(
      `worst seconds of the window: ${worst.map((w) => `${w.second}s ${Math.round(w.ms)} ms`).join(', ')}`,
    )
  }
  if (r.p99BySecondMs.length) {
    notes.push(`p99 by second: ${r.p99BySecondMs.map((ms) => Math.round(ms)).join(' ')} ms`)
  }
  notes.push(
    `client workers: up to ${Math.round(r.workerCpuShareMax * 100)}% of a core, ` +
      `event-loop delay p99 ${fixed(r.workerLoopDelayP99Ms, 1)} ms`,
  )
  return `${name}: ${notes.join('; ')}`
}

const pass = (ok: boolean): string => (ok ? 'PASS' : 'FAIL')
const kib = (bytes: number): string => `${Math.round(bytes / 1024)} KiB`
