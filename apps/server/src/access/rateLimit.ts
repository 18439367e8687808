/**
 * Failed sign-ins per key (an email, an IP address) in a sliding window. In memory: a restart forgets
 * them, which an attacker cannot cause without operator access. A success clears the email's count.
 */
export class FailureLimiter {
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
    const recent = this.#recent(key)
    if (recent.length < this.#max) return 0
    return Math.max(1, (recent[0] ?? 0) + this.#windowMs - this.#now())
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
