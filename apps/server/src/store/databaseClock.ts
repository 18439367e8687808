import type { Logger } from '../log.ts'
import { errorMessage } from '../log.ts'
import type { Sql } from './sql.ts'

const SAMPLES = 5
const REFRESH_MS = 60_000

/**
 * The time every instance agrees on: the host's clock corrected by its offset from the database's
 * (PostgreSQL's `clock_timestamp()`). The offset is taken at the midpoint of the fastest of five round
 * trips, and measured again every minute, so two instances whose hosts drift apart still count the
 * huddle down alike and answer `/api/time` within a few milliseconds of each other.
 */
export class DatabaseClock {
  #local: () => number
  #offset = 0
  #timer: NodeJS.Timeout | null = null

  private constructor(local: () => number) {
    this.#local = local
  }

  /** Measures the offset once before resolving; `local` is the host's clock (a test may skew it). */
  static async start(sql: Sql, log: Logger, local: () => number = Date.now): Promise<DatabaseClock> {
    const clock = new DatabaseClock(local)
    clock.#offset = await clock.#measure(sql)
    clock.#timer = setInterval(() => {
      clock.#measure(sql).then(
        (offset) => {
          clock.#offset = offset
        },
        // The last offset stays: a host clock does not drift far in a minute.
        (error: unknown) => log.warn('clock.measure_failed', { error: errorMessage(error) }),
      )
    }, REFRESH_MS)
    clock.#timer.unref()
    return clock
  }

  /** Milliseconds since the epoch, as the database counts them. */
  readonly now = (): number => this.#local() + this.#offset

  get offsetMs(): number {
    return this.#offset
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer)
  }

  async #measure(sql: Sql): Promise<number> {
    let best = { roundTrip: Number.POSITIVE_INFINITY, offset: 0 }
    for (let sample = 0; sample < SAMPLES; sample++) {
      const sent = this.#local()
      const row = await sql.get<{ at: number }>(
        'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS at',
      )
      const received = this.#local()
      if (!row) continue
      const roundTrip = received - sent
      if (roundTrip < best.roundTrip) best = { roundTrip, offset: row.at - (sent + received) / 2 }
    }
    return Math.round(best.offset)
  }
}
