// Prints the huddle part: how far apart the three screens' countdowns were, per way of reading the clock.
import type { EstimatorFigures } from './analysis.ts'
import type { Estimator } from './huddleClient.ts'
import { PEOPLE } from './huddleBench.ts'
import type { HuddleResult } from './huddleBench.ts'

const labels: Record<Estimator, string> = {
  filtered: 'ours (filtered offset)',
  single: 'one sample',
  none: 'uncorrected',
}

const fixed = (value: number, digits: number): string =>
  Number.isFinite(value) ? value.toFixed(digits) : '–'
const ratio = (a: number, b: number): string => {
  if (!(Number.isFinite(a) && Number.isFinite(b) && b > 0)) return 'n/a'
  const r = a / b
  return r === 0 || r >= 0.001 ? `${r.toFixed(3)}×` : `${r.toExponential(1)}×`
}
const skew = (ms: number): string => `${ms >= 0 ? '+' : ''}${ms} ms (${fixed(ms / 60_000, 1)} min)`

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)))
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)]
}

const row = (f: EstimatorFigures): string[] => [
  labels[f.estimator],
  `${f.settled}/${f.instants}`,
  String(f.phaseMismatch),
  fixed(f.remainingDiffMs.max, 1),
  `${fixed(f.remainingDiffMs.p50, 1)} / ${fixed(f.remainingDiffMs.p99, 1)}`,
  String(f.secondsDiffMax),
  String(f.secondsDiffer),
  fixed(f.remainingDiffMaxAllMs, 0),
  `${fixed(f.clockSpreadMs.p50, 1)} / ${fixed(f.clockSpreadMs.max, 1)}`,
  f.finalClockErrorMs.map((ms) => fixed(ms, 1)).join(', '),
]

export function huddleReport(result: HuddleResult): string {
  const { options, figures } = result
  const find = (estimator: Estimator): EstimatorFigures | undefined =>
    figures.find((f) => f.estimator === estimator)
  const ours = find('filtered')
  const skews = options.skewsMs.map((ms, i) => `${PEOPLE[i]} ${skew(ms)}`).join(', ')
  const actions = result.actions.map((a) => `${a.kind} ${fixed(a.atMs / 1000, 1)} s`).join(', ')
  const lines = [
    `Huddle clock: 3 people, device clocks ${skews}; each behind its own proxy delaying every chunk ` +
      `0–${options.jitterMs} ms (seeded, in order); production server; measured in ${Math.round(result.ms / 1000)} s`,
    `Therapist's actions: ${actions || '–'}; two 'auto' phases of ${options.seconds / 4} s, extended by ` +
      `${options.seconds / 2} s; the screens are read every 100 ms of true time.`,
    '',
  ]
  if (ours) {
    lines.push(
      `Largest difference in displayed remaining time across the 3 clients (ours): ` +
        `${fixed(ours.remainingDiffMs.max, 1)} ms (p50 ${fixed(ours.remainingDiffMs.p50, 1)}, ` +
        `p99 ${fixed(ours.remainingDiffMs.p99, 1)}); displayed seconds differed at ${ours.secondsDiffer} of ` +
        `${ours.settled} instants, by at most ${ours.secondsDiffMax} s`,
      '',
    )
  }
  lines.push(
    ...table(
      [
        'clock',
        'settled/instants',
        'phase mismatch',
        'Δ remaining max ms',
        'Δ p50 / p99 ms',
        'Δ shown s max',
        'shown s differ',
        'Δ incl. in transit',
        'clock spread p50 / max ms',
        'clock error at end (T, A, B) ms',
      ],
      figures.map(row),
    ),
  )
  for (const reference of ['single', 'none'] as const) {
    const base = find(reference)
    if (!ours || !base) continue
    lines.push(
      `ours ÷ ${labels[reference]}: Δ remaining max ${ratio(ours.remainingDiffMs.max, base.remainingDiffMs.max)}, ` +
        `p99 ${ratio(ours.remainingDiffMs.p99, base.remainingDiffMs.p99)}; clock spread max ` +
        ratio(ours.clockSpreadMs.max, base.clockSpreadMs.max),
    )
  }
  lines.push(
    `GET /api/time round trip through the proxies p50 ${fixed(result.rttMs.p50, 1)} / max ` +
      `${fixed(result.rttMs.max, 1)} ms (${result.rttMs.count} samples; offset estimates per client ` +
      `${result.estimatesPerClient.join(', ')}); proxies' mean delay per chunk ` +
      `${result.proxyMeanDelayMs.map((ms) => fixed(ms, 1)).join(', ')} ms; clients' timer late p99 ` +
      `${fixed(result.timerLateMs.p99, 1)} ms; drops ${result.disconnects}; refused ${result.refused}`,
  )
  if (result.error)
    lines.push(`huddle: FAILED: ${result.error}${result.serverExit ? ` (server ${result.serverExit})` : ''}`)
  lines.push(
    '',
    "Each person's process holds their device clock (true time + skew) and estimates its offset to the server",
    'as the web app does: 6 GET /api/time 150 ms apart, then 3 every 60 s, estimateOffset over the last 12.',
    'The same round trips give the one-sample reference (the last answer of each burst, believed as is);',
    'uncorrected shows the device clock. One session per clock, side by side: same network, same huddle; the',
    "therapist's mutations read boardClock, set to that session's clock, so each writes its own instants.",
    'Δ remaining: max − min of huddleAt(state, displayNow).remainingMs across the 3 clients at one instant of',
    'true time, on settled instants (all 3 hold the same clock fields; in transit: an action on its way)',
    "showing one phase (phase mismatch: the move on to the next phase fell between two clients' clocks; the",
    "screens then show 0:00 and the next phase's full time). shown s: Math.ceil(remaining / 1000), as the app",
    "shows it. clock spread: max − min of the 3 clients' displayNow − true time, every instant; while a",
    'phase runs Δ remaining equals it, while paused it is 0. Rendering (a frame, the 1 s tick) is not included.',
  )
  return lines.join('\n')
}
