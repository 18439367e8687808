// How much CPU went to processes outside the bench while a row was measured: the machine's busy time
// (/proc/stat, steal included, as the other parts count it) minus the server's, the browser's and this
// process's (which holds the sync clients). Summed over the windows of one row, so setting up a load or
// a round in between does not count. Steal is also kept apart: time the hypervisor gave to other guests.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpuBetween, treeCpu } from '../call/procs.ts'
import type { TreeCpu } from '../call/procs.ts'
import { hostBusySeconds } from '../servers.ts'

/** Above this many cores of other load, a row's figures are disturbed (the canvas part uses the same). */
export const maxOtherCores = 0.25

const clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100

function stealSeconds(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/)
  // cpu user nice system idle iowait irq softirq steal ...
  return Number(fields[8] ?? 0) / clockTicks
}

interface Reading {
  at: number
  host: number
  steal: number
  self: NodeJS.CpuUsage
  trees: TreeCpu[]
}

export class OtherLoad {
  #roots: () => number[]
  #open: Reading | null = null
  #wallS = 0
  #otherS = 0
  #stealS = 0

  /** `roots`: the processes of the bench (the server, the browser), each counted with its children. */
  constructor(roots: () => number[]) {
    this.#roots = roots
  }

  #read(): Reading {
    return {
      at: performance.now(),
      host: hostBusySeconds(),
      steal: stealSeconds(),
      self: process.cpuUsage(),
      trees: this.#roots().map(treeCpu),
    }
  }

  start(): void {
    this.#open = this.#read()
  }

  stop(): void {
    const from = this.#open
    if (!from) return
    const to = this.#read()
    this.#open = null
    const ownS =
      (to.self.user - from.self.user + to.self.system - from.self.system) / 1e6 +
      to.trees.reduce((sum, tree, i) => sum + cpuBetween(from.trees[i] ?? new Map(), tree).totalMs / 1_000, 0)
    this.#wallS += (to.at - from.at) / 1_000
    this.#otherS += Math.max(0, to.host - from.host - ownS)
    this.#stealS += Math.max(0, to.steal - from.steal)
  }

  /** Cores kept busy by other processes, on average over the windows measured. */
  get cores(): number {
    return this.#wallS > 0 ? this.#otherS / this.#wallS : NaN
  }

  get stealCores(): number {
    return this.#wallS > 0 ? this.#stealS / this.#wallS : NaN
  }
}
