import type { SignIns } from './signIns.ts'

/**
 * Failures per key in a sliding window, in this process's memory: a flood guard whose limit holds per
 * server instance (a restart, or another instance, starts afresh). Synchronous, for checks made before
 * any work, such as the sync socket's throttle.
 */
export class SlidingWindow {
  #failures = new Map<string, number[]>()
  #max: number
  #windowMs: number
  #now: () => number

  constructor(max: number, windowMs: number, now: () => number) {
    this.#max = max
    this.#windowMs = windowMs
    this.#now = now
  }

  /** 0 if another attempt is allowed now, else the milliseconds until it is. */
  retryAfterMs(key: string): number {
    return waitFor(this.#recent(key), this.#max, this.#windowMs, this.#now())
  }

  fail(key: string): void {
    const recent = this.#recent(key)
    recent.push(this.#now())
    this.#failures.set(key, recent)
  }

  clear(key: string): void {
    this.#failures.delete(key)
  }

  /** Forgets keys with no failure left in the window: a key that never comes back is not kept for ever. */
  prune(): void {
    for (const key of [...this.#failures.keys()]) this.#recent(key)
  }

  #recent(key: string): number[] {
    const cutoff = this.#now() - this.#windowMs
    const recent = (this.#failures.get(key) ?? []).filter((at) => at > cutoff)
    if (recent.length === 0) this.#failures.delete(key)
    else this.#failures.set(key, recent)
    return recent
  }
}

/**
 * Failed sign-ins per key (an email, an IP address) in a sliding window, kept as rows (`SignIns`), so
 * the limit holds across server instances and restarts. A success clears the email's count.
 */
export class FailureLimiter {
  #signIns: SignIns
  #max: number
  #windowMs: number
  #now: () => number

  constructor(signIns: SignIns, max: number, windowMs: number, now: () => number) {
    this.#signIns = signIns
    this.#max = max
    this.#windowMs = windowMs
    this.#now = now
  }

  /** 0 if another attempt is allowed now, else the milliseconds until it is. */
  async retryAfterMs(key: string): Promise<number> {
    const now = this.#now()
    const recent = await this.#signIns.failures(key, now - this.#windowMs)
    return waitFor(recent, this.#max, this.#windowMs, now)
  }

  /** Counts a failure, and forgets every one that has left the window (for any key). */
  async fail(key: string): Promise<void> {
    const now = this.#now()
    await this.#signIns.forget(now - this.#windowMs)
    await this.#signIns.fail(key, now)
  }

  async clear(key: string): Promise<void> {
    await this.#signIns.clear(key)
  }
}

/** How long until a key with failures at `recent` (oldest first) may try again; 0 if it may now. */
function waitFor(recent: readonly number[], max: number, windowMs: number, now: number): number {
  if (recent.length < max) return 0
  return Math.max(1, (recent[0] ?? 0) + windowMs - now)
}

/**
 * The client's address for rate limiting: the socket's, or with `trustProxy` (TRUST_PROXY=1, behind a
 * reverse proxy) the last X-Forwarded-For entry, the one the proxy itself added.
 */
export function clientAddressOf(
  forwardedFor: string | undefined,
  socketAddress: string | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy) {
    const forwarded = forwardedFor?.split(',').at(-1)?.trim()
    if (forwarded) return forwarded
  }
  return socketAddress ?? 'unknown'
}
