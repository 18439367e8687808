import type { IncomingMessage } from 'node:http'
import type { Logger } from '../log.ts'
import { SlidingWindow, clientAddressOf } from './rateLimit.ts'

export type UnknownSessionLimits = {
  /** Refused upgrades to sessions that do not exist, per address, before the address waits. */
  max: number
  windowMs: number
  /** How often the counts are written to the log (only for an interval that had any). */
  summaryEveryMs: number
}

/**
 * Sync upgrades to sessions that do not exist. The audit trail is per session and nobody owns a made-up
 * id, so these get no audit rows (a flood of them would fill the table). They are counted per address
 * instead: an address with too many in the window is answered 429 before any work, and each interval's
 * counts go into one content-free log line, where an operator watching for probes looks.
 */
export class UnknownSessionGuard {
  #limiter: SlidingWindow
  #limits: UnknownSessionLimits
  #trustProxy: boolean
  #log: Logger
  /** This interval's refusals per address, and upgrades answered 429. */
  #refused = new Map<string, number>()
  #limited = 0
  #summary: NodeJS.Timeout | null = null

  constructor(options: {
    limits: UnknownSessionLimits
    trustProxy: boolean
    log: Logger
    now: () => number
  }) {
    this.#limits = options.limits
    this.#trustProxy = options.trustProxy
    this.#log = options.log
    this.#limiter = new SlidingWindow(options.limits.max, options.limits.windowMs, options.now)
  }

  /** 0 if this upgrade may go on, else how long (ms) its address must wait; counts the refusal. */
  retryAfterMs(request: IncomingMessage): number {
    const waitMs = this.#limiter.retryAfterMs(this.#address(request))
    if (waitMs > 0) {
      this.#limited++
      this.#scheduleSummary()
    }
    return waitMs
  }

  /** The door refused an upgrade because its session does not exist. */
  refused(request: IncomingMessage): void {
    const address = this.#address(request)
    this.#limiter.fail(address)
    this.#refused.set(address, (this.#refused.get(address) ?? 0) + 1)
    this.#scheduleSummary()
  }

  #address(request: IncomingMessage): string {
    const forwarded = request.headers['x-forwarded-for']
    return clientAddressOf(
      Array.isArray(forwarded) ? forwarded.join(',') : forwarded,
      request.socket.remoteAddress,
      this.#trustProxy,
    )
  }

  /** A timer only while there is something to report; unref'd so it never holds the process open. */
  #scheduleSummary(): void {
    if (this.#summary) return
    this.#summary = setTimeout(() => this.#writeSummary(), this.#limits.summaryEveryMs)
    this.#summary.unref()
  }

  #writeSummary(): void {
    this.#summary = null
    const counts = [...this.#refused.values()]
    // Counts only: addresses are personal data, and the proxy's access log has them for whoever must block one.
    const fields = {
      intervalMs: this.#limits.summaryEveryMs,
      refused: counts.reduce((sum, count) => sum + count, 0),
      addresses: counts.length,
      mostFromOneAddress: counts.reduce((most, count) => Math.max(most, count), 0),
      limited: this.#limited,
    }
    if (this.#limited > 0) this.#log.warn('sync.unknown_sessions', fields)
    else this.#log.info('sync.unknown_sessions', fields)
    this.#refused.clear()
    this.#limited = 0
    this.#limiter.prune()
  }
}
