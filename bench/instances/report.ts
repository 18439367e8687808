// The instances part's printed table, the load at which p99 crosses the limit, the ratios and the notes.
import { fixed, ratio, table } from '../markdown.ts'
import { maxOtherCores } from '../program/otherLoad.ts'
import { allArrived, disturbed, p99LimitMs } from './instancesBench.ts'
import type { InstancesKind, InstancesResult, InstancesRow } from './instancesBench.ts'

const pct = (part: number, whole: number): string =>
  whole > 0 ? `${((part / whole) * 100).toFixed(2)}%` : '–'
const totalCpu = (row: InstancesRow): number =>
  row.cpuUsPerEdit.servers + row.cpuUsPerEdit.postgres + row.cpuUsPerEdit.redis
const pass = (ok: boolean): string => (ok ? 'PASS' : 'FAIL')

export function instancesReport(result: InstancesResult): string {
  const { options } = result
  const lines = [
    `Instances: ${options.sessions.join(', ')} sessions × 3 clients, each client sets its own key every ` +
      `${options.intervalMs} ms for ${options.seconds} s` +
      (result.versions ? `; PostgreSQL ${result.versions.postgres}, Redis ${result.versions.redis}` : ''),
  ]
  if (result.error) return [...lines, `FAILED: ${result.error}`].join('\n')
  lines.push('', ...table(header, result.rows.map(cells)), '')
  lines.push(...crossings(result), '')
  lines.push(...ratios(result.rows), '')
  lines.push(...result.rows.map(notes), '')
  lines.push(...explanation)
  return lines.join('\n')
}

const header = [
  'server',
  'N',
  'clients',
  'p50 ms',
  'p99 ms',
  'cross p50',
  'cross p99',
  'instances µs/edit',
  'PostgreSQL µs/edit',
  'Redis µs/edit',
  'total µs/edit',
  'edits/commit',
  'instance CPU',
  'edits',
  'delivered/expected',
  'final seq seen',
  'same state',
  'stored final',
  'drops',
  'refused',
  'other load',
]

function cells(row: InstancesRow): string[] {
  const failed = row.error !== null
  return [
    row.kind,
    String(row.sessions),
    String(row.clients),
    fixed(row.latencyMs.p50, 2),
    fixed(row.latencyMs.p99, 2),
    fixed(row.crossLatencyMs.p50, 2),
    fixed(row.crossLatencyMs.p99, 2),
    fixed(row.cpuUsPerEdit.servers, 1),
    fixed(row.cpuUsPerEdit.postgres, 1),
    fixed(row.cpuUsPerEdit.redis, 1),
    fixed(totalCpu(row), 1),
    fixed(row.editsPerCommit, 1),
    row.serverCpuShares.map((share) => `${Math.round(share * 100)}%`).join(' + ') || '–',
    String(row.sent),
    failed ? 'FAILED' : `${row.covered}/${row.expected} (${pct(row.covered, row.expected)})`,
    `${row.peersCaughtUp}/${row.pairs}`,
    `${row.converged}/${row.sessions}`,
    !row.stored ? '–' : row.stored.error ? 'error' : `${row.stored.complete}/${row.stored.sessions}`,
    String(row.disconnects),
    String(row.refusedCloses + row.refusalMessages),
    `${fixed(row.otherCores, 2)} cores${disturbed(row) ? ' DISTURBED' : ''}`,
  ]
}

/** Per server: the smallest load whose p99 (and cross-instance p99) is above the limit, or failed. */
function crossings(result: InstancesResult): string[] {
  const lines: string[] = []
  for (const kind of result.options.kinds) {
    const rows = result.rows.filter((row) => row.kind === kind).sort((a, b) => a.sessions - b.sessions)
    if (rows.length === 0) continue
    const largest = rows[rows.length - 1]?.sessions ?? 0
    const first = (pick: (row: InstancesRow) => number): string => {
      const row = rows.find((r) => r.error !== null || !(pick(r) <= p99LimitMs))
      if (!row) return `stays ≤ ${p99LimitMs} ms up to N=${largest}`
      const mark = disturbed(row) ? ' (that row disturbed by other load)' : ''
      return row.error !== null
        ? `failed at N=${row.sessions}${mark}`
        : `first above ${p99LimitMs} ms at N=${row.sessions} (${fixed(pick(row), 1)} ms)${mark}`
    }
    const cross = rows.some((row) => row.instances > 1)
      ? `; cross-instance p99 ${first((row) => row.crossLatencyMs.p99)}`
      : ''
    lines.push(`${kind}: p99 ${first((row) => row.latencyMs.p99)}${cross}`)
  }
  return lines
}

const pairs: readonly (readonly [InstancesKind, InstancesKind])[] = [
  ['ours-2', 'ours-1'],
  ['hocuspocus-2', 'ours-2'],
  ['hocuspocus-1', 'ours-1'],
]

function ratios(rows: InstancesRow[]): string[] {
  const lines: string[] = []
  const find = (kind: InstancesKind, n: number): InstancesRow | undefined =>
    rows.find((row) => row.kind === kind && row.sessions === n && row.error === null)
  for (const n of [...new Set(rows.map((row) => row.sessions))]) {
    for (const [name, base] of pairs) {
      const a = find(name, n)
      const b = find(base, n)
      if (!a || !b) continue
      const shaky = [a, b].filter(disturbed).map((row) => row.kind)
      const cross =
        a.instances > 1 && b.instances > 1
          ? `, cross p99 ${ratio(a.crossLatencyMs.p99, b.crossLatencyMs.p99)}`
          : ''
      lines.push(
        `N=${n}: ${name} ÷ ${base}: p99 ${ratio(a.latencyMs.p99, b.latencyMs.p99)}, ` +
          `p50 ${ratio(a.latencyMs.p50, b.latencyMs.p50)}${cross}, ` +
          `instances CPU/edit ${ratio(a.cpuUsPerEdit.servers, b.cpuUsPerEdit.servers)}, ` +
          `PostgreSQL ${ratio(a.cpuUsPerEdit.postgres, b.cpuUsPerEdit.postgres)}, ` +
          `Redis ${ratio(a.cpuUsPerEdit.redis, b.cpuUsPerEdit.redis)}, ` +
          `total CPU/edit ${ratio(totalCpu(a), totalCpu(b))}` +
          (shaky.length ? ` (disturbed by other load: ${shaky.join(', ')})` : ''),
      )
    }
  }
  return lines
}

function notes(row: InstancesRow): string {
  const name = `${row.kind} N=${row.sessions}`
  if (row.error !== null) {
    const exits = row.serverExits.filter((exit) => exit !== null)
    return `${name}: FAILED: ${row.error}${exits.length ? ` (instances ${exits.join(', ')})` : ''}`
  }
  const parts = [
    `every edit arrived ${pass(allArrived(row))} (delivered ${row.covered}/${row.expected}, ` +
      `peers on every final edit ${row.peersCaughtUp}/${row.pairs}, same state ${row.converged}/${row.sessions}` +
      (row.stored ? `, stored final ${row.stored.complete}/${row.stored.sessions}` : ', nothing stored') +
      `; drain ${row.drainComplete ? `${row.drainMs} ms` : 'incomplete'})`,
    `seen individually ${pct(row.observed, row.expected)}`,
  ]
  if (row.refusedCloses + row.refusalMessages > 0)
    parts.push(`refused: ${row.refusedCloses} closes, ${row.refusalMessages} messages (${row.refusalSample})`)
  if (row.stored?.error) parts.push(`stored state unreadable: ${row.stored.error}`)
  const killed = row.serverExits.flatMap((exit, i) => (exit?.includes('SIGKILL') ? [i + 1] : []))
  if (killed.length)
    parts.push(
      `instance ${killed.join(' and ')} did not stop within 5 s of SIGTERM and was killed` +
        (row.kind.startsWith('ours')
          ? ': updates it still had queued were not stored (storage comes before fan-out, so no peer had them)'
          : ''),
    )
  const worst = row.worstLatencyBySecondMs
    .map((ms, second) => ({ ms, second }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3)
  if (worst.length)
    parts.push(`worst seconds: ${worst.map((w) => `${w.second}s ${Math.round(w.ms)} ms`).join(', ')}`)
  parts.push(
    `client workers: up to ${Math.round(row.workerCpuShareMax * 100)}% of a core, ` +
      `event-loop delay p99 ${fixed(row.workerLoopDelayP99Ms, 1)} ms`,
  )
  return `${name}: ${parts.join('; ')}`
}

const explanation = [
  "Latency: from the sender's map.set to a peer's map observer, one clock (a session's 3 clients share a process);",
  'cross: only the pairs whose sender and peer are connected to different instances (none with one instance).',
  'ours-N: N processes of bench/instances/instance-server.ts (the sync core, no extensions) on one PostgreSQL',
  'database and one Redis: every update is stored with its seq in PostgreSQL, then sent to local peers and',
  'published on Redis. hocuspocus-N: N processes of @hocuspocus/server 4.7.0 with @hocuspocus/extension-redis',
  '4.7.0 on the same Redis, clients on @hocuspocus/provider 4.8.0; it stores nothing (no persistence extension).',
  'With two instances the clients of each session alternate between them (1, 2, 1 / 2, 1, 2 / …).',
  'CPU µs/edit: utime+stime over the edit window ÷ edits sent: instances summed; PostgreSQL: the postmaster,',
  'its processes and the backends it reaped; Redis: redis-server. instance CPU: each instance as a share of a core.',
  'edits/commit: edits sent ÷ transactions committed in the database over the window (pg_stat_database):',
  'how many edits one append carries (ours; the catch-up reads are transactions too).',
  'delivered: edits a peer observed or saw superseded by a later edit of the same client, over edits × 2 peers;',
  "final seq seen: (peer, other client) pairs where the peer ended on the other's last edit after the drain;",
  "same state: sessions whose 3 clients ended with the same state vector and every client's last edit;",
  'stored final: sessions whose PostgreSQL log, read back after the instances stopped, holds every last edit.',
  `other load: cores busy outside this part (instances, PostgreSQL, Redis, client workers, orchestrator);`,
  `above ${maxOtherCores} cores a row is marked DISTURBED: compare it only after a rerun on a quiet machine.`,
]
