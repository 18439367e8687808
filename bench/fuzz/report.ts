// Prints the fuzz part: the honest sessions with and without the attack, the server's memory, and what
// the attacker sent and how the server answered.
import { fixed, ratio, table } from '../markdown.ts'
import type { FuzzResult, FuzzRun } from './fuzzBench.ts'
import { fuzzFailed } from './fuzzBench.ts'

const MiB = 1024 * 1024
const mib = (bytes: number): string => fixed(bytes / MiB, 1)
const pct = (part: number, whole: number): string =>
  whole > 0 ? `${((part / whole) * 100).toFixed(2)}%` : '–'
const tally = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key} ${n}`)
    .join(', ') || '–'

const row = (r: FuzzRun): string[] => [
  r.mode === 'attack' ? 'under attack' : 'no attack',
  fixed(r.windowMs / 1000, 1),
  fixed(r.latencyMs.p50, 2),
  fixed(r.latencyMs.p99, 2),
  String(r.sent),
  `${r.covered}/${r.expected} (${pct(r.covered, r.expected)})`,
  `${r.peersCaughtUp}/${r.pairs}`,
  `${r.disconnects} / ${r.honestRefusals}`,
  r.serverExit ?? (r.error ? 'error' : r.healthAfter ? 'none' : 'no /health'),
  `${Math.round(r.serverCpuShare * 100)}%`,
  `${mib(r.memory.before.rss)} → ${mib(r.memory.peak.rss)} → ${mib(r.memory.after.rss)}`,
  `${mib(r.memory.before.heapUsed)} → ${mib(r.memory.peak.heapUsed)} → ${mib(r.memory.after.heapUsed)}`,
  `${fixed(r.otherCores, 2)} cores`,
]

export function fuzzReport(result: FuzzResult): string {
  const { options, runs } = result
  const attacked = runs.find((r) => r.mode === 'attack')
  const quiet = runs.find((r) => r.mode === 'quiet')
  const header = [
    'run',
    'window s',
    'p50 ms',
    'p99 ms',
    'honest edits',
    'delivered/expected',
    'final seq seen',
    'drops / refused',
    'server crash',
    'srv CPU',
    'RSS MiB before → peak → after',
    'heap MiB before → peak → after',
    'other load',
  ]
  const lines = [
    `Fuzz: ${options.frames} hostile frames (seed ${options.seed}) from partner A of one session of ours-secure, ` +
      `while ${options.sessions} other sessions × 3 honest clients edit every ${options.intervalMs} ms; ` +
      'then the same without the attack, on a fresh server, for as long.',
    '',
    ...table(header, runs.map(row)),
    '',
  ]
  if (attacked && quiet) {
    lines.push(
      `under attack ÷ no attack: p50 ${ratio(attacked.latencyMs.p50, quiet.latencyMs.p50)}, ` +
        `p99 ${ratio(attacked.latencyMs.p99, quiet.latencyMs.p99)}, server CPU ${ratio(attacked.serverCpuShare, quiet.serverCpuShare)}; ` +
        `heap left after the attack ${mib(attacked.memory.after.heapUsed - attacked.memory.before.heapUsed)} MiB ` +
        `(no attack: ${mib(quiet.memory.after.heapUsed - quiet.memory.before.heapUsed)} MiB)`,
    )
  }
  const report = attacked?.attack
  if (report) {
    const closedKinds = Object.entries(report.byKind)
      .map(([kind, { sent, closed }]) => `${kind} ${closed}/${sent}`)
      .join(', ')
    lines.push(
      `attack: ${report.frames} frames, ${mib(report.bytes)} MiB in ${fixed(report.ms / 1000, 1)} s over ` +
        `${report.connections} connections (a fresh connect token each); ${report.handled} handled without a close, ` +
        `${report.acceptedMarkers.length} valid cards accepted; ${report.closedBursts} bursts closed midway` +
        (report.shutOut ? `; shut out: ${report.shutOut}` : ''),
      `closes: ${tally(report.closes)}`,
      `refusals: ${tally(report.refusals)}`,
      `closed / sent by kind: ${closedKinds}`,
      `slowest answers: ${report.slowest.map((f) => `${f.kind} (${mib(f.bytes)} MiB) ${f.ms} ms`).join(', ') || '–'}`,
      `attacker (the orchestrator): ${Math.round(attacked.orchestratorCpuShare * 100)}% of a core`,
    )
  }
  for (const r of runs) {
    if (r.error) lines.push(`${r.mode}: FAILED: ${r.error}`)
    if (r.serverExit) lines.push(`${r.mode}: the server ${r.serverExit}; its last lines:\n${r.serverLogTail}`)
  }
  lines.push(
    `fuzz: ${fuzzFailed(result) ? 'FAIL' : 'PASS'} (no crash, /health answers, every honest edit delivered, no honest client refused)`,
    '',
    'p50/p99: edit latency of the honest sessions (not the attacked one). drops / refused: honest clients',
    "disconnected / refused (44xx, type 4), the attacked session's therapist included. Memory: after a forced",
    'GC with every client connected, before the window and after it; peak: highest of samples every 100 ms',
    '(RSS from /proc, heap through the inspector, in both runs alike). other load: CPU of processes outside',
    'this benchmark during the window; above ~0.1 cores the row is disturbed (this machine has few cores).',
  )
  return lines.join('\n')
}
