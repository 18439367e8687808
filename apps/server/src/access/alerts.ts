import type { FlagRecord } from '@session-board/protocol'

/** What a therapist's open pages hear about their couples, as it happens. */
export type AlertEvent =
  | { kind: 'flag'; coupleId: string; flag: FlagRecord }
  | { kind: 'acknowledged'; coupleId: string; flagId: string }
  /** One login of the therapist ended (sign-out, idle log-off): its open streams close now. */
  | { kind: 'loginEnded'; loginId: string }

export type AlertListener = (event: AlertEvent) => void

/**
 * Live alerts, addressed to one therapist. In this process for now; a publisher shared by several
 * server processes (Redis) can take its place behind the same two calls.
 */
export interface AlertPublisher {
  publish(therapistId: string, event: AlertEvent): void
  /** Returns the call that stops listening. */
  subscribe(therapistId: string, listener: AlertListener): () => void
}

export class InProcessAlerts implements AlertPublisher {
  #listeners = new Map<string, Set<AlertListener>>()

  publish(therapistId: string, event: AlertEvent): void {
    for (const listener of this.#listeners.get(therapistId) ?? []) listener(event)
  }

  subscribe(therapistId: string, listener: AlertListener): () => void {
    const listeners = this.#listeners.get(therapistId) ?? new Set<AlertListener>()
    listeners.add(listener)
    this.#listeners.set(therapistId, listeners)
    return () => {
      listeners.delete(listener)
      if (listeners.size === 0) this.#listeners.delete(therapistId)
    }
  }
}
