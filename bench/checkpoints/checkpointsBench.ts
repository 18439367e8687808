// The checkpoints part: how long the server's appends hold up its event loop, and what they cost, when
// SQLite copies its write-ahead log into the database file inside a commit (its default, the reference)
// and when our worker thread does (apps/server/src/store/walCheckpoints.ts). Rounds alternate the order.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { fixed, ratio, table } from '../markdown.ts'
import { percentile } from '../stats.ts'
import type { LatencySummary } from '../stats.ts'

export type CheckpointMode = 'inline' | 'worker'
export const checkpointModes: readonly CheckpointMode[] = ['inline', 'worker']

/** One process's figures (bench/checkpoints/appendLoad.ts). */
export type AppendRow = {
  mode: CheckpointMode
  appends: number
  updates: number
  wallMs: number
  /** The whole process's CPU over the appends, its worker thread included. */
  cpuMs: number
  /** CPU the rest of the machine used meanwhile, in cores. */
  otherCores: number
  /** How long each append ran: the event loop waits that long. */
  appendMs: LatencySummary
  /** The write-ahead log's largest size seen, in MiB. */
  largestLogMiB: number
}

export type CheckpointsResult = { rounds: AppendRow[][] }

const load = fileURLToPath(new URL('./appendLoad.ts', import.meta.url))

export async function runCheckpointsBench(
  options: { rounds: number; appends: number },
  log: (line: string) => void,
): Promise<CheckpointsResult> {
  const rounds: AppendRow[][] = []
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? checkpointModes : [...checkpointModes].reverse()
    const rows: AppendRow[] = []
    for (const mode of order) {
      const { stdout } = await promisify(execFile)(process.execPath, [load, mode, String(options.appends)], {
        timeout: 300_000,
      })
      const row = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as AppendRow
      log(
        `  round ${round + 1} ${mode}: append p99 ${row.appendMs.p99.toFixed(2)} ms, max ${row.appendMs.max.toFixed(1)} ms, ` +
          `CPU ${Math.round(row.cpuMs)} ms, other load ${row.otherCores.toFixed(2)} cores`,
      )
      rows.push(row)
    }
    rounds.push(rows)
  }
  return { rounds }
}

const median = (values: number[]): number => percentile(Float64Array.from(values).sort(), 50)

export function checkpointsReport({ rounds }: CheckpointsResult): string {
  const rowsOf = (mode: CheckpointMode) => rounds.flatMap((round) => round.filter((row) => row.mode === mode))
  const figure = (mode: CheckpointMode, of: (row: AppendRow) => number) => median(rowsOf(mode).map(of))
  const columns: Array<[string, (row: AppendRow) => number, number]> = [
    ['append p50 ms', (r) => r.appendMs.p50, 2],
    ['append p99 ms', (r) => r.appendMs.p99, 2],
    ['append p99.9 ms', (r) => r.appendMs.p999, 2],
    ['append max ms', (r) => r.appendMs.max, 1],
    ['CPU µs/update', (r) => (r.cpuMs * 1_000) / r.updates, 2],
    ['largest log MiB', (r) => r.largestLogMiB, 1],
  ]
  const header = ['checkpoints by', ...columns.map(([name]) => name), 'other load cores']
  const body = checkpointModes.map((mode) => [
    mode === 'inline' ? 'the commits (SQLite default)' : 'our worker thread',
    ...columns.map(([, of, digits]) => fixed(figure(mode, of), digits)),
    fixed(Math.max(...rowsOf(mode).map((row) => row.otherCores)), 2),
  ])
  const workerOverCommits = (of: (row: AppendRow) => number) =>
    ratio(figure('worker', of), figure('inline', of))
  const appends = rounds[0]?.[0]?.appends ?? 0
  return [
    `Checkpoints: ${rounds.length} rounds of ${appends} appends of 15 updates on 500 boards, each process alone; medians.`,
    ...table(header, body),
    '',
    `worker ÷ commits: append p99 ${workerOverCommits((r) => r.appendMs.p99)}, ` +
      `p99.9 ${workerOverCommits((r) => r.appendMs.p999)}, max ${workerOverCommits((r) => r.appendMs.max)}, ` +
      `CPU ${workerOverCommits((r) => r.cpuMs / r.updates)}.`,
    'An append runs on the event loop: while it runs, no board on the server moves. other load: the',
    "highest of the rounds, in cores, including the kernel's writing of this part's own files to disk.",
  ].join('\n')
}
