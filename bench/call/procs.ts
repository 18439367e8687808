// CPU time of process trees from /proc: a Chromium instance is a browser process and its children (zygote,
// renderers, GPU, network and other utility processes), and WebRTC's encoding, decoding and encryption run
// on threads of those, so the bench sums utime + stime over the whole tree.
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'

const clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100

interface ProcStat {
  pid: number
  ppid: number
  comm: string
  /** utime + stime of all its threads, in ms. */
  cpuMs: number
}

function readStat(pid: number): ProcStat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name may contain spaces and parentheses, so count fields after the last ')'.
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const cpuMs = ((Number(fields[11]) + Number(fields[12])) / clockTicks) * 1000
    return { pid, ppid: Number(fields[1]), comm, cpuMs }
  } catch {
    return null // it exited meanwhile
  }
}

function allStats(): ProcStat[] {
  const stats: ProcStat[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const stat = readStat(Number(name))
    if (stat) stats.push(stat)
  }
  return stats
}

/** The direct children of a process, with their command names. */
export function childrenOf(pid: number): { pid: number; comm: string }[] {
  return allStats()
    .filter((stat) => stat.ppid === pid)
    .map(({ pid, comm }) => ({ pid, comm }))
}

/** Chromium's process type from its command line (`--type=renderer`), or `browser` for the root. */
function processType(pid: number): string {
  try {
    // Chromium rewrites its children's process titles, so their arguments may be joined by spaces.
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/)
    const type = args.find((arg) => arg.startsWith('--type='))?.slice('--type='.length)
    if (type === 'utility') {
      const service = args.find((arg) => arg.startsWith('--utility-sub-type='))
      return service ? `utility ${service.slice(service.lastIndexOf('.') + 1)}` : 'utility'
    }
    return type ?? 'browser'
  } catch {
    return 'gone'
  }
}

/** CPU ms by pid of a process and all its descendants, with each one's Chromium process type. */
export type TreeCpu = Map<number, { cpuMs: number; type: string }>

export function treeCpu(root: number): TreeCpu {
  const stats = allStats()
  const byParent = new Map<number, ProcStat[]>()
  for (const stat of stats) byParent.set(stat.ppid, [...(byParent.get(stat.ppid) ?? []), stat])
  const tree: TreeCpu = new Map()
  const rootStat = stats.find((stat) => stat.pid === root)
  const queue = rootStat ? [rootStat] : []
  for (let stat = queue.shift(); stat; stat = queue.shift()) {
    tree.set(stat.pid, { cpuMs: stat.cpuMs, type: processType(stat.pid) })
    queue.push(...(byParent.get(stat.pid) ?? []))
  }
  return tree
}

/**
 * CPU ms a tree spent between two readings, in total and by process type. A process that started in
 * between counts from 0; one that exited in between is lost (none should during a steady call).
 */
export function cpuBetween(
  before: TreeCpu,
  after: TreeCpu,
): { totalMs: number; byType: Record<string, number> } {
  let totalMs = 0
  const byType: Record<string, number> = {}
  for (const [pid, { cpuMs, type }] of after) {
    const spent = cpuMs - (before.get(pid)?.cpuMs ?? 0)
    totalMs += spent
    byType[type] = (byType[type] ?? 0) + spent
  }
  return { totalMs, byType }
}
